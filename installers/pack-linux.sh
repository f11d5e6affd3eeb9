#!/usr/bin/env bash
# The Linux bundle as one tar.gz: the PyInstaller folder, its .desktop file and icon, IT's
# preset file to fill in, and the steps to install it. Run by `make dist` after PyInstaller.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' liaison_desk/__init__.py)
name="liaison-desk-${version}-linux-$(uname -m)"
stage="build/${name}"
rm -rf "$stage"
mkdir -p "$stage"
cp -a dist/liaison-desk "$stage/liaison-desk"
cp installers/liaison-desk.desktop "$stage/"
cp resources/icons/liaison-desk.png "$stage/liaison-desk.png"
cp installers/config.toml.example "$stage/"
cp installers/INSTALL-linux.txt "$stage/INSTALL.txt"
tar -C build -czf "dist/${name}.tar.gz" "$name"
echo "dist/${name}.tar.gz: $(du -h "dist/${name}.tar.gz" | cut -f1) packed, $(du -sh dist/liaison-desk | cut -f1) installed"
