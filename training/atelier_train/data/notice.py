"""NOTICE text: licence and attribution of every image set and of the captions in a pack."""
from __future__ import annotations

import json
from pathlib import Path

# (package, styles it provides, licence, attribution)
SETS = [
    ("@iconify-json/noto", "noto", "Apache-2.0",
     "Noto Emoji, Copyright Google Inc. (https://github.com/googlefonts/noto-emoji), "
     "as packaged in Iconify JSON by Iconify (https://icon-sets.iconify.design/noto/)."),
    ("@twemoji/svg", "twemoji", "CC-BY-4.0",
     "Twemoji graphics, Copyright 2019-2024 Twitter, Inc., X Corp. and other contributors "
     "(https://github.com/jdecked/twemoji), licensed under CC-BY 4.0 "
     "(https://creativecommons.org/licenses/by/4.0/). Packaging: @twemoji/svg, MIT, Copyright 2023 Samuel Kopp."),
    ("openmoji", "openmoji, openmoji-line", "CC-BY-SA-4.0",
     "All emojis designed by OpenMoji (https://openmoji.org/) - the open-source emoji and icon project. "
     "License: CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/). The sprites in this pack are "
     "adapted (cropped, rescaled, re-encoded) from OpenMoji's color/ and black/ SVGs and are shared under the "
     "same licence."),
    ("@lobehub/fluent-emoji-3d", "fluent-3d", "MIT",
     "Fluent Emoji, Copyright (c) Microsoft Corporation (https://github.com/microsoft/fluentui-emoji), MIT; "
     "packaged by LobeHub (https://github.com/lobehub/fluent-emoji), MIT, Copyright 2023 LobeHub."),
    ("@lobehub/fluent-emoji-modern", "fluent-color", "MIT",
     "Fluent Emoji (Color), Copyright (c) Microsoft Corporation, MIT; packaged by LobeHub, MIT."),
    ("@lobehub/fluent-emoji-flat", "fluent-flat", "MIT",
     "Fluent Emoji (Flat), Copyright (c) Microsoft Corporation, MIT; packaged by LobeHub, MIT."),
    ("emojibase-data", "captions (labels and tags, 28 locales)", "MIT",
     "Emojibase data, Copyright (c) 2017-2019 Miles Johnson (https://emojibase.dev), MIT; its labels derive "
     "from the Unicode CLDR annotations (Unicode License v3)."),
]


def _version(node_modules: Path, package: str) -> str:
    try:
        return json.loads((Path(node_modules) / package / "package.json").read_text())["version"]
    except (OSError, KeyError, ValueError):
        return "?"


def notice_text(node_modules: Path) -> str:
    lines = [
        "Atelier sprite pack - third-party notices",
        "",
        "The sprites and captions of this dataset are derived from the following openly licensed sets.",
        "No Apple or Facebook emoji images are used.",
        "",
    ]
    for package, styles, licence, attribution in SETS:
        lines += [f"* {package} {_version(node_modules, package)} -> {styles}", f"  Licence: {licence}",
                  f"  {attribution}", ""]
    lines += ["Licence texts: Apache-2.0 https://www.apache.org/licenses/LICENSE-2.0 ; CC-BY-4.0 "
              "https://creativecommons.org/licenses/by/4.0/legalcode ; CC-BY-SA-4.0 "
              "https://creativecommons.org/licenses/by-sa/4.0/legalcode ; MIT https://opensource.org/license/mit", ""]
    return "\n".join(lines)
