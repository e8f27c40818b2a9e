"""Dataset for atelier-image-1: emoji sprites from openly licensed sets, composed into captioned images.

build.py renders the npm-installed sets into a compact pack (pack.py); compose.py samples captioned
compositions from a pack and renders them on the training device.
"""
