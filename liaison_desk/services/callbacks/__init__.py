"""Supervisor callbacks (SPEC section 4, seed 001 "IME Escalated Issues").

A CSR's request waits for a Unit Lead (:func:`approve` or :func:`send_back` with a note; the
CSR may :func:`resubmit`). Once approved it sits in the Supervisor callbacks queue, where a
Unit Lead or MSA records telephone attempts (:func:`record_attempt`). The procedure allows
two; when both fail, :func:`letter_proposed` turns true and the client offers a letter
(``letters_store.create_letter``). A third call is still logged if the person insists and
says why. :func:`complete_callback` needs a call that reached the caller or a sent letter,
and resolves the inquiry.

Attempts count from the last reopening: a reopened callback gets two fresh attempts.

:mod:`.state` reads where a callback stands, :mod:`.approval` approves, sends back and
takes a resubmission, :mod:`.attempts` records the calls and completes the callback.
"""

from .approval import approve, resubmit, send_back, sent_back_note
from .attempts import complete_callback, record_attempt
from .state import (
    APPROVED,
    PHONE_ATTEMPTS,
    RESUBMITTED,
    SENT_BACK,
    Attempt,
    AttemptResult,
    CallbackState,
    SentLetter,
    callback_state,
    letter_proposed,
)

__all__ = [
    "APPROVED",
    "PHONE_ATTEMPTS",
    "RESUBMITTED",
    "SENT_BACK",
    "Attempt",
    "AttemptResult",
    "CallbackState",
    "SentLetter",
    "approve",
    "callback_state",
    "complete_callback",
    "letter_proposed",
    "record_attempt",
    "resubmit",
    "send_back",
    "sent_back_note",
]
