"""Caption vocabulary and phrasing: colours, positions, sizes, counts, relations, styles, plurals.

English captions come in several phrasings. Other languages use emojibase's localized label (sometimes with
a tag); where this file has translations of its own (de, fr, es, it, pt, nl), a background colour is added.
"""
from __future__ import annotations

import random

# Background colours (sRGB). White is the default background and the most common one.
COLOURS = {
    "white": (255, 255, 255), "black": (20, 20, 20), "red": (220, 40, 40), "orange": (245, 140, 30),
    "yellow": (250, 215, 40), "green": (60, 170, 70), "blue": (45, 100, 220), "purple": (135, 70, 190),
    "pink": (245, 150, 190), "brown": (130, 85, 50), "gray": (150, 150, 150), "light blue": (150, 200, 245),
}
COLOUR_SYNONYMS = {"gray": ["gray", "grey"], "light blue": ["light blue", "sky blue"]}

# Centres as fractions of the canvas side (x to the right, y downwards).
POSITIONS = {
    "centre": (0.5, 0.5), "left": (0.25, 0.5), "right": (0.75, 0.5), "top": (0.5, 0.25), "bottom": (0.5, 0.75),
    "top-left": (0.25, 0.25), "top-right": (0.75, 0.25), "bottom-left": (0.25, 0.75), "bottom-right": (0.75, 0.75),
}
POSITION_PHRASES = {
    "centre": ["in the centre", "in the center", "in the middle"],
    "left": ["on the left", "on the left side", "at the left"],
    "right": ["on the right", "on the right side", "at the right"],
    "top": ["at the top", "at the top of the image", "near the top"],
    "bottom": ["at the bottom", "at the bottom of the image", "near the bottom"],
    "top-left": ["in the top left corner", "at the top left", "in the upper left corner"],
    "top-right": ["in the top right corner", "at the top right", "in the upper right corner"],
    "bottom-left": ["in the bottom left corner", "at the bottom left", "in the lower left corner"],
    "bottom-right": ["in the bottom right corner", "at the bottom right", "in the lower right corner"],
}
RELATIONS = {  # relation of the first item to the second: phrases
    "left of": ["to the left of", "left of", "on the left of"],
    "right of": ["to the right of", "right of", "on the right of"],
    "above": ["above", "over", "on top of"],
    "below": ["below", "under", "beneath"],
}
STYLE_PHRASES = {
    "noto": ["noto style", "noto emoji style", "google noto style"],
    "twemoji": ["twemoji style", "twitter emoji style", "twemoji"],
    "openmoji": ["openmoji style", "openmoji color style", "openmoji"],
    "openmoji-line": ["openmoji line art", "black and white line art", "outline drawing"],
    "fluent-3d": ["fluent 3d style", "3d style", "3d render"],
    "fluent-color": ["fluent color style", "fluent colour style", "fluent style"],
    "fluent-flat": ["fluent flat style", "flat style", "flat design"],
}
NUMBERS = {1: "one", 2: "two", 3: "three", 4: "four"}
# A transparent background (RGBA output, alpha from the sprites): the phrases captions use, and the one the engine
# appends to a prompt when a transparent image is asked for without any of them (docs/model-package.md).
TRANSPARENT_PHRASES = ["transparent background", "on a transparent background", "as a sticker", "no background",
                       "isolated on transparent"]
ENGINE_TRANSPARENT_SUFFIX = ", transparent background"

# Translations of our own for the background colour, per language: template and colour words.
FOREIGN_BACKGROUND = {
    "de": ("{label} auf {colour} Hintergrund", {
        "white": "weißem", "black": "schwarzem", "red": "rotem", "orange": "orangem", "yellow": "gelbem",
        "green": "grünem", "blue": "blauem", "purple": "violettem", "pink": "rosa", "brown": "braunem",
        "gray": "grauem", "light blue": "hellblauem"}),
    "fr": ("{label} sur fond {colour}", {
        "white": "blanc", "black": "noir", "red": "rouge", "orange": "orange", "yellow": "jaune", "green": "vert",
        "blue": "bleu", "purple": "violet", "pink": "rose", "brown": "marron", "gray": "gris",
        "light blue": "bleu clair"}),
    "es": ("{label} sobre fondo {colour}", {
        "white": "blanco", "black": "negro", "red": "rojo", "orange": "naranja", "yellow": "amarillo",
        "green": "verde", "blue": "azul", "purple": "morado", "pink": "rosa", "brown": "marrón", "gray": "gris",
        "light blue": "azul claro"}),
    "it": ("{label} su sfondo {colour}", {
        "white": "bianco", "black": "nero", "red": "rosso", "orange": "arancione", "yellow": "giallo",
        "green": "verde", "blue": "blu", "purple": "viola", "pink": "rosa", "brown": "marrone", "gray": "grigio",
        "light blue": "azzurro"}),
    "pt": ("{label} em fundo {colour}", {
        "white": "branco", "black": "preto", "red": "vermelho", "orange": "laranja", "yellow": "amarelo",
        "green": "verde", "blue": "azul", "purple": "roxo", "pink": "rosa", "brown": "marrom", "gray": "cinza",
        "light blue": "azul-claro"}),
    "nl": ("{label} op een {colour} achtergrond", {
        "white": "witte", "black": "zwarte", "red": "rode", "orange": "oranje", "yellow": "gele",
        "green": "groene", "blue": "blauwe", "purple": "paarse", "pink": "roze", "brown": "bruine",
        "gray": "grijze", "light blue": "lichtblauwe"}),
}
FOREIGN_BACKGROUND["es-mx"] = FOREIGN_BACKGROUND["es"]

_IRREGULAR = {"man": "men", "woman": "women", "person": "people", "child": "children", "mouse": "mice",
              "foot": "feet", "tooth": "teeth", "goose": "geese", "fish": "fish", "sheep": "sheep",
              "deer": "deer", "leaf": "leaves", "knife": "knives", "wolf": "wolves", "ox": "oxen",
              "bison": "bison", "moose": "moose", "shrimp": "shrimp", "squid": "squid"}
_HEAD_BREAKS = (" with ", " of ", " in ", " on ", " for ", " from ", ": ")


def is_plural(label: str) -> bool:
    last = label.split(":")[0].split()[-1].lower() if label.split() else ""
    return last.endswith("s") and not last.endswith(("ss", "us", "is", "os")) and len(last) > 3


def pluralize_word(word: str) -> str:
    low = word.lower()
    if low in _IRREGULAR:
        return _IRREGULAR[low]
    if low.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if low.endswith("y") and len(low) > 1 and low[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def plural(label: str) -> str:
    """English plural of an emoji label, pluralizing the head noun ('face with tears of joy' -> 'faces ...')."""
    if is_plural(label):
        return label
    cut = len(label)
    for brk in _HEAD_BREAKS:
        i = label.find(brk)
        if 0 < i < cut:
            cut = i
    head, tail = label[:cut], label[cut:]
    words = head.split(" ")
    words[-1] = pluralize_word(words[-1])
    return " ".join(words) + tail


def article(label: str) -> str:
    """'a dog', 'an apple', 'sparkles' (labels that are plural already take no article)."""
    if is_plural(label):
        return label
    return ("an " if label[:1].lower() in "aeiou" else "a ") + label


def colour_word(rng: random.Random, colour: str) -> str:
    return rng.choice(COLOUR_SYNONYMS.get(colour, [colour]))


def style_suffix(rng: random.Random, caption: str, style: str) -> str:
    phrase = rng.choice(STYLE_PHRASES[style])
    form = rng.random()
    if form < 0.4:
        return f"{caption}, {phrase}"
    if form < 0.7:
        return f"{caption} in {phrase}" if "style" in phrase else f"{caption}, {phrase}"
    return f"{phrase} of {caption}" if not phrase.endswith("style") else f"{caption}, {phrase}"


def background_suffix(rng: random.Random, caption: str, colour: str) -> str:
    word = colour_word(rng, colour)
    form = rng.random()
    if form < 0.45:
        return f"{caption} on {article(word)} background"
    if form < 0.7:
        return f"{caption}, {word} background"
    if form < 0.85:
        return f"{caption} against {article(word)} background"
    return f"{article(word)} background with {caption}"


def transparent_suffix(rng: random.Random, caption: str) -> str:
    form = rng.random()
    if form < 0.35:
        return caption + ENGINE_TRANSPARENT_SUFFIX
    if form < 0.6:
        return f"{caption} on a transparent background"
    if form < 0.75:
        return f"{caption} as a sticker"
    if form < 0.9:
        return f"{caption}, no background"
    return f"{caption}, isolated on transparent"


def short_label(label: str, group: str) -> str:
    """'dog face' -> 'dog': animal faces are named by the animal in everyday prompts."""
    if group == "animals-nature" and label.endswith(" face"):
        return label[:-len(" face")]
    return label


def vocabulary_names(label: str, short: str | None = None) -> list:
    """The English words a prompt may use for a concept of a vocabulary model, as its captions name it: the
    label and its plural, and the short label and its plural where the captions use one (short_label: 'tiger'
    for 'tiger face', unless another emoji is labelled 'tiger'). Lower case, sorted; the engine warns when a prompt contains none of a model's names
    (docs/model-package.md)."""
    forms = {label, plural(label)}
    if short and short != label:
        forms |= {short, plural(short)}
    return sorted(f.lower() for f in forms)


def single_phrase(rng: random.Random, label: str, tags: list) -> str:
    form = rng.random()
    if form < 0.45:
        return article(label)
    if form < 0.65:
        return label
    if form < 0.75:
        return f"{article(label)} emoji"
    if form < 0.85:
        return f"an emoji of {article(label)}"
    if form < 0.92 and tags:
        return f"{label}, " + ", ".join(rng.sample(tags, min(len(tags), rng.randint(1, 3))))
    return f"{article(label)} icon"


def count_phrase(rng: random.Random, label: str, n: int) -> str:
    if n == 1:
        return rng.choice([f"one {label}", f"a single {label}", f"just one {label}"])
    form = rng.random()
    if form < 0.55:
        return f"{NUMBERS[n]} {plural(label)}"
    if form < 0.75:
        return f"{n} {plural(label)}"
    if form < 0.9:
        return f"{NUMBERS[n]} {label} emojis"
    return f"{NUMBERS[n]} copies of {article(label)}"


def relation_phrase(rng: random.Random, a: str, b: str, relation: str) -> str:
    if rng.random() < 0.8:
        return f"{article(a)} {rng.choice(RELATIONS[relation])} {article(b)}"
    side = {"left of": "on the left", "right of": "on the right", "above": "at the top", "below": "at the bottom"}
    return f"{article(a)} and {article(b)}, the {a} {side[relation]}"


def foreign_caption(rng: random.Random, names: list, lang: str, colour: str) -> str:
    """Caption in another language: localized label, sometimes a tag, colour where we have the words."""
    label = names[0]
    if colour != "white" or (lang in FOREIGN_BACKGROUND and rng.random() < 0.1):
        template, words = FOREIGN_BACKGROUND[lang]
        return template.format(label=label, colour=words[colour])
    if len(names) > 1 and rng.random() < 0.2:
        return f"{label}, {rng.choice(names[1:])}"
    return label
