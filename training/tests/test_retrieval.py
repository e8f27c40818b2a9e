"""Specifications of the reference library (atelier_train.library) and retrieval (atelier_train.retrieval).

The shared vectors (testdata/retrieval-vectors.json, testdata/mini-library) are checked here and by the engine's
RetrievalVectorsTest, so that the two implementations answer every prompt the same way.
"""
import json
import tempfile
import unittest
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from atelier_train import retrieval_vectors
from atelier_train.data.pack import Pack, load_pack
from atelier_train.library import (SHARED_TAGS, STYLE_PREFERENCE, add_user_entry, build, downscale, entry_names,
                                   fit_sprite, library_names, library_tag_names)
from atelier_train.retrieval import Library, Retriever, normalize, user_entry_names

TESTDATA = Path(__file__).resolve().parents[1] / "testdata"
STYLES = ["noto", "twemoji", "openmoji", "openmoji-line", "fluent-3d", "fluent-color", "fluent-flat"]


def quiet(*_):
    pass


def concept(hexcode, label, group="objects", **localized):
    names = {"en": [label, "tag"]}
    names.update({loc: [name] for loc, name in localized.items()})
    return {"hexcode": hexcode, "emoji": "?", "label": label, "group": group, "names": names}


def tagged(hexcode, label, group, *tags):
    return {"hexcode": hexcode, "emoji": "?", "label": label, "group": group, "names": {"en": [label, *tags]}}


def tag_names(*concepts):
    return library_tag_names(list(concepts), library_names(list(concepts)))


def synthetic_pack(concepts, styles_of, seed=0):
    """A pack with random 128 px sprites: styles_of[i] lists the style indices concept i is drawn in."""
    rng = np.random.default_rng(seed)
    rows = [(c, s) for c, ss in enumerate(styles_of) for s in ss]
    sprites = rng.integers(0, 256, size=(len(rows), 128, 128, 4), dtype=np.uint8)
    return Pack(sprites=torch.from_numpy(sprites), concept=torch.tensor([c for c, _ in rows]),
                style=torch.tensor([s for _, s in rows]), concepts=concepts, styles=STYLES)


class SharedVectorsTest(unittest.TestCase):
    def test_python_answers_the_committed_vectors(self):
        expected = json.loads((TESTDATA / "retrieval-vectors.json").read_text(encoding="utf-8"))
        actual = retrieval_vectors.compute(TESTDATA / "mini-library")
        self.assertEqual(actual["normalize"], expected["normalize"])
        self.assertEqual(actual["user_names"], expected["user_names"])
        for a, e in zip(actual["retrieval"], expected["retrieval"], strict=True):
            self.assertEqual(a, e, a["prompt"])

    def test_vectors_cover_the_cases_the_contract_names(self):
        cases = {c["prompt"]: c for c in json.loads((TESTDATA / "retrieval-vectors.json").read_text())["retrieval"]}
        self.assertGreaterEqual(len(cases), 40)
        self.assertEqual([h["label"] for h in cases["a cat left of a dog"]["hits"]], ["cat face", "dog face"])
        self.assertEqual(cases["three rockets"]["hits"][0]["name"], "rockets")
        self.assertEqual(cases["a rocket in openmoji line art"]["asked_style"], "openmoji-line")
        self.assertEqual(cases["a spaceship over the mountains"]["hits"], [])
        self.assertEqual(cases["Hundegesicht auf weißem Hintergrund"]["hits"][0]["id"], "1F436")
        self.assertEqual(cases["イヌの顔"]["hits"][0]["id"], "1F436")
        self.assertEqual(cases["a zorblax"]["hits"][0]["origin"], "user")

    def test_committed_library_is_what_the_builder_makes_of_the_mini_pack(self):
        with tempfile.TemporaryDirectory() as d:
            build(load_pack(TESTDATA / "mini-pack"), Path(d), log=quiet)
            committed = TESTDATA / "mini-library"
            self.assertEqual(json.loads((Path(d) / "library.json").read_text()),
                             json.loads((committed / "library.json").read_text()))
            for style in STYLES:
                a = np.asarray(Image.open(Path(d) / f"atlas-{style}.png"))
                b = np.asarray(Image.open(committed / f"atlas-{style}.png"))
                self.assertTrue(np.array_equal(a, b), style)


class DownscaleTest(unittest.TestCase):
    @staticmethod
    def oracle(sprite, size):
        """Plain per-pixel version: mean of premultiplied colour and of alpha, un-premultiplied, rounded."""
        f = sprite.shape[0] // size
        out = np.zeros((size, size, 4), np.uint8)
        for y in range(size):
            for x in range(size):
                block = sprite[y * f:(y + 1) * f, x * f:(x + 1) * f].reshape(-1, 4).astype(np.float64)
                a = block[:, 3]
                alpha = int(np.floor(a.mean() + 0.5))
                out[y, x, 3] = alpha
                if alpha > 0:
                    for ch in range(3):
                        out[y, x, ch] = int(np.floor((block[:, ch] * a).sum() / a.sum() + 0.5))
        return out

    def test_matches_the_plain_premultiplied_average(self):
        rng = np.random.default_rng(1)
        sprites = rng.integers(0, 256, size=(3, 16, 16, 4), dtype=np.uint8)
        sprites[0, ..., 3] = rng.choice([0, 1, 2, 255], size=(16, 16))  # faint and empty blocks
        small = downscale(sprites, 8)
        for i in range(3):
            self.assertTrue(np.array_equal(small[i], self.oracle(sprites[i], 8)), i)

    def test_transparent_pixels_carry_no_colour(self):
        sprite = np.zeros((1, 4, 4, 4), np.uint8)
        sprite[0, :, :, :3] = 200           # colour under zero alpha
        sprite[0, 0, 0] = (255, 0, 0, 255)  # one opaque red pixel of a 2 x 2 block
        small = downscale(sprite, 2)[0]
        self.assertEqual(small[0, 0].tolist(), [255, 0, 0, 64])   # its colour, not the hidden grey's
        self.assertEqual(small[1, 1].tolist(), [0, 0, 0, 0])


class NamesTest(unittest.TestCase):
    def test_label_plural_short_label_and_localized_labels_but_no_tags(self):
        dog = concept("1F436", "dog face", "animals-nature", de="Hundegesicht", ja="イヌの顔")
        self.assertEqual(entry_names(dog), ["dog face", "dog faces", "dog", "dogs", "hundegesicht", "イヌの顔"])

    def test_short_label_is_left_out_when_another_entry_is_labelled_so(self):
        dog = concept("1F436", "dog face", "animals-nature")
        self.assertEqual(entry_names(dog, [concept("1F415", "dog", "animals-nature")]), ["dog face", "dog faces"])

    def test_a_foreign_label_that_is_a_caption_word_is_left_out(self):
        duck = concept("1F986", "duck", "animals-nature", da="and", de="Ente")
        cloud = concept("2601", "cloud", "travel-places", da="sky")
        self.assertEqual(library_names([duck, cloud]), [["duck", "ducks", "ente"], ["cloud", "clouds"]])

    def test_a_foreign_label_that_is_english_for_another_concept_is_left_out(self):
        foot = concept("1F9B6", "foot", "people-body", es="pie", de="Fuß")
        pie = concept("1F967", "pie", "food-drink")
        car = concept("1F697", "automobile", "travel-places", de="Auto")
        car["names"]["en"] = ["automobile", "auto", "car"]
        self.assertEqual(library_names([foot, pie, car]),
                         [["foot", "feet", "fuß"], ["pie", "pies"], ["automobile", "automobiles", "auto"]])

    def test_a_shared_name_stays_only_where_it_is_of_the_strongest_kind(self):
        farmer = concept("1F9D1-200D-1F33E", "farmer", "people-body", sv="bonde")
        jeans = concept("1F456", "jeans", "objects", hu="farmer")
        pawn = concept("265F", "chess pawn", "activities", nb="bonde")
        self.assertEqual(library_names([farmer, jeans, pawn]),
                         [["farmer", "farmers", "bonde"], ["jeans"], ["chess pawn", "chess pawns", "bonde"]])

    def test_user_entry_names_are_the_name_its_plural_and_the_extra_names(self):
        self.assertEqual(user_entry_names("Blue  Whale", ["orca", "ORCA!", " "]),
                         ["blue whale", "blue whales", "orca"])


class TagNamesTest(unittest.TestCase):
    def test_a_tag_of_one_entry_only_names_it(self):
        car = tagged("1F697", "automobile", "travel-places", "motorcar", "vehicle")
        bus = tagged("1F68C", "bus", "travel-places", "vehicle")
        self.assertEqual(tag_names(car, bus), [["motorcar"], []])

    def test_a_tag_of_several_entries_names_the_one_shared_tags_gives_it_to_with_its_plural(self):
        self.assertEqual(SHARED_TAGS["heart"], "red heart")
        red = tagged("2764", "red heart", "smileys-emotion", "heart", "love")
        blue = tagged("1F499", "blue heart", "smileys-emotion", "heart", "love", "hearts")
        suit = tagged("2665", "heart suit", "activities", "hearts")  # a tag of two entries: free for the plural
        self.assertEqual(tag_names(red, blue, suit), [["heart", "hearts"], [], []])
        self.assertEqual(tag_names(tagged("A", "apple tree", "animals-nature", "apple"),
                                   tagged("B", "apple pie", "food-drink", "apple")), [[], []])

    def test_tags_of_faces_people_and_symbols_are_not_names(self):
        face = tagged("1F600", "grinning face", "smileys-emotion", "cheerful")
        sign = tagged("26A0", "warning", "symbols", "caution")
        self.assertEqual(tag_names(face, sign), [[], []])

    def test_caption_words_prompt_words_short_tags_and_numbers_are_not_names(self):
        ping = tagged("1F3D3", "ping pong", "activities", "table", "red", "ok", "4x4", "paddle")
        self.assertEqual(tag_names(ping), [["paddle"]])

    def test_a_name_of_another_entry_is_not_a_tag_name(self):
        taxi = tagged("1F695", "taxi", "travel-places", "cab", "bus")
        bus = tagged("1F68C", "bus", "travel-places")
        self.assertEqual(tag_names(taxi, bus), [["cab"], []])

    def test_the_plural_of_another_entrys_tag_name_is_not_a_tag_name(self):
        burger = tagged("1F354", "hamburger", "food-drink", "burger")
        salad = tagged("1F96C", "leafy green", "food-drink", "burgers", "kale")
        self.assertEqual(tag_names(burger, salad), [["burger"], ["kale"]])

    def test_the_library_lists_them_apart_from_the_names(self):
        with tempfile.TemporaryDirectory() as d:
            build(synthetic_pack([tagged("1F697", "automobile", "travel-places", "car")], [[0]]), Path(d), log=quiet)
            entry = json.loads((Path(d) / "library.json").read_text())["entries"][0]
            self.assertEqual((entry["names"], entry["tag_names"]), (["automobile", "automobiles"], ["car", "cars"]))
            self.assertEqual(Library.load(d).shipped[0].tag_names, ("car", "cars"))


class TagRetrievalTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        concepts = [tagged("A", "sausage", "food-drink", "hot dog"), tagged("B", "dog bed", "objects"),
                    tagged("C", "cat", "animals-nature", "kitty"), tagged("D", "ice", "food-drink", "frost")]
        root = Path(cls.tmp.name) / "library"
        build(synthetic_pack(concepts, [[0]] * 4), root, log=quiet)
        cls.retriever = Retriever(Library.load(root))

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def labels(self, prompt):
        return [h.label for h in self.retriever.retrieve(prompt).hits]

    def test_a_tag_name_retrieves_its_entry(self):
        self.assertEqual(self.labels("a hot dog"), ["sausage"])
        self.assertEqual(self.retriever.retrieve("a kitty").hits[0].name, "kitty")

    def test_a_tag_name_loses_a_tie_with_a_name(self):
        self.assertEqual(self.labels("a hot dog bed"), ["dog bed"])

    def test_tag_names_only_fill_the_hits_that_names_leave(self):
        self.assertEqual(self.labels("frost, a cat and a dog bed"), ["cat", "dog bed"])
        self.assertEqual(self.labels("frost and a cat"), ["ice", "cat"])


class RetrieverTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        concepts = [concept("A", "cat face", "animals-nature"), concept("B", "cat"), concept("C", "ice cream"),
                    concept("D", "ice", ja="氷"), concept("E", "cream"), concept("F", "soft ice cream", ja="ソフト氷")]
        # C has no noto sprite, E only openmoji-line
        cls.pack = synthetic_pack(concepts, [[0, 1], [0], [1, 6], [0], [3], [0]])
        cls.root = Path(cls.tmp.name) / "library"
        build(cls.pack, cls.root, log=quiet)
        cls.retriever = Retriever(Library.load(cls.root))

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def labels(self, prompt):
        return [h.label for h in self.retriever.retrieve(prompt).hits]

    def test_longest_name_wins_and_matches_do_not_overlap(self):
        self.assertEqual(self.labels("some soft ice cream"), ["soft ice cream"])
        self.assertEqual(self.labels("ice cream and ice"), ["ice cream", "ice"])

    def test_names_match_whole_words_only(self):
        self.assertEqual(self.labels("a bobcat on ice"), ["ice"])

    def test_unspaced_scripts_match_inside_words_longest_first(self):
        self.assertEqual(self.labels("大きなソフト氷です"), ["soft ice cream"])
        self.assertEqual(self.labels("かき氷"), ["ice"])

    def test_at_most_two_distinct_entries_in_prompt_order(self):
        self.assertEqual(self.labels("cream, a cat, ice and a cat"), ["cream", "cat"])
        self.assertEqual(self.labels("cat cat cat ice"), ["cat", "ice"])

    def test_asked_style_or_the_preferred_one_the_entry_has(self):
        found = self.retriever.retrieve("ice cream in fluent flat style")
        self.assertEqual((found.asked_style, found.hits[0].style, found.hits[0].asked), ("fluent-flat", "fluent-flat", True))
        found = self.retriever.retrieve("ice cream")
        self.assertEqual((found.asked_style, found.hits[0].style, found.hits[0].asked), (None, "twemoji", False))
        found = self.retriever.retrieve("cream, noto style")
        self.assertEqual((found.asked_style, found.hits[0].style, found.hits[0].asked), ("noto", "openmoji-line", False))

    def test_longest_style_phrase_decides(self):
        self.assertEqual(self.retriever.retrieve("a cat, fluent flat style").asked_style, "fluent-flat")
        self.assertEqual(self.retriever.retrieve("a cat in openmoji line art").asked_style, "openmoji-line")

    def test_sprite_is_the_downscaled_pack_sprite(self):
        hit = self.retriever.retrieve("cream").hits[0]
        row = [i for i in range(len(self.pack)) if int(self.pack.concept[i]) == 4][0]
        expected = downscale(self.pack.sprites[row:row + 1].numpy())[0]
        self.assertTrue(np.array_equal(hit.sprite, expected))
        self.assertEqual(hit.sprite.dtype, np.uint8)

    def test_style_preference_is_a_permutation_of_the_styles(self):
        self.assertEqual(sorted(STYLE_PREFERENCE), sorted(STYLES))
        self.assertEqual(json.loads((self.root / "library.json").read_text())["style_preference"], STYLE_PREFERENCE)


class UserEntryTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = Path(self.tmp.name)
        build(synthetic_pack([concept("B", "cat")], [[0]]), self.root, log=quiet)
        self.sprite = np.full((64, 64, 4), 255, np.uint8)

    def tearDown(self):
        self.tmp.cleanup()

    def test_a_user_entry_wins_a_tie_with_a_shipped_one(self):
        add_user_entry(self.root, "Cat", self.sprite)
        hit = Retriever(Library.load(self.root)).retrieve("two cats").hits[0]
        self.assertEqual((hit.id, hit.entry.origin, hit.style), ("user:cat", "user", "user"))
        self.assertTrue(np.array_equal(hit.sprite, self.sprite))

    def test_a_duplicate_name_is_refused_unless_replaced(self):
        add_user_entry(self.root, "blob", self.sprite)
        with self.assertRaisesRegex(ValueError, "already has an entry named 'blob'"):
            add_user_entry(self.root, "Blob!", self.sprite)
        add_user_entry(self.root, "Blob!", self.sprite // 2, replace=True)
        files = sorted(p.name for p in (self.root / "user").glob("*.png"))
        self.assertEqual(files, ["0002.png"])
        [entry] = Library.load(self.root).user
        self.assertEqual(entry.label, "Blob!")

    def test_a_name_without_letters_is_refused(self):
        with self.assertRaisesRegex(ValueError, "no letter or digit"):
            add_user_entry(self.root, "?!", self.sprite)

    def test_fit_keeps_the_aspect_centred_inside_the_margin(self):
        im = Image.new("RGBA", (300, 100), (0, 0, 0, 0))
        im.paste((10, 200, 30, 255), (50, 20, 250, 70))  # a 200 x 50 bar on a larger transparent canvas
        sprite = fit_sprite(im)
        ys, xs = np.nonzero(sprite[..., 3] > 128)
        self.assertEqual((xs.min(), xs.max() + 1), (2, 61))   # 59 px wide: 64 less the 4 % margins
        self.assertAlmostEqual((ys.max() + 1 - ys.min()) / 59, 0.25, delta=0.05)
        self.assertAlmostEqual((ys.min() + ys.max() + 1) / 2, 32, delta=1)

    def test_fit_refuses_an_empty_image(self):
        with self.assertRaisesRegex(ValueError, "fully transparent"):
            fit_sprite(Image.new("RGBA", (10, 10)))


if __name__ == "__main__":
    unittest.main()


SHIPPED = Path(__file__).resolve().parents[2] / "models" / "atelier-image-2" / "library"


@unittest.skipUnless((SHIPPED / "library.json").exists(), "models/atelier-image-2 not present")
class ShippedLibraryTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.library = Library.load(SHIPPED)
        cls.retriever = Retriever(cls.library)

    def test_everyday_words_retrieve_the_emoji_a_keyboard_offers(self):
        expected = {"a car": "automobile", "a heart": "red heart", "a tree": "deciduous tree", "an apple": "red apple",
                    "a book": "closed book", "a cup of coffee": "hot beverage", "three hearts": "red heart"}
        for prompt, label in expected.items():
            self.assertEqual([h.label for h in self.retriever.retrieve(prompt).hits], [label], prompt)

    def test_every_shared_tag_names_its_entry(self):
        by_label = {e.label: e for e in self.library.shipped}
        for word, label in SHARED_TAGS.items():
            self.assertIn(word, by_label[label].tag_names, word)
