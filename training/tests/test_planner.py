"""Specifications of the layout planner (atelier_train.planner) and the draft (pipeline_ref.conditions).

The shared vectors (testdata/planner-vectors.json, testdata/draft-vectors.npz) are checked here and by the engine's
PlannerVectorsTest, so that the two implementations plan and draw every prompt the same way.
"""
import json
import unittest

import numpy as np
import torch

from atelier_train import planner_vectors
from atelier_train.pipeline_ref import conditions
from atelier_train.planner import plan
from atelier_train.retrieval import Library, Retriever


class PlannerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.retriever = Retriever(Library.load(planner_vectors.LIBRARY))

    def plan_of(self, prompt):
        return plan(self.retriever.retrieve(prompt))

    def test_one_hit_is_centred_at_the_asked_size(self):
        self.assertEqual(self.plan_of("a rocket"), [(0, 0.5, 0.5, 0.6)])
        self.assertEqual(self.plan_of("a small rocket"), [(0, 0.5, 0.5, 0.26)])
        self.assertEqual(self.plan_of("a big rocket"), [(0, 0.5, 0.5, 0.75)])

    def test_a_count_word_before_the_name_repeats_the_sprite(self):
        self.assertEqual([(x, y) for _, x, y, _ in self.plan_of("three rockets")], [(0.5, 0.28), (0.27, 0.7), (0.73, 0.7)])
        self.assertEqual(len(self.plan_of("4 pizzas")), 4)
        self.assertEqual(len(self.plan_of("five rockets")), 1)

    def test_a_position_phrase_moves_the_sprite(self):
        self.assertEqual(self.plan_of("a small cat at the bottom left"), [(0, 0.25, 0.75, 0.235)])
        self.assertEqual(self.plan_of("a rocket on the right"), [(0, 0.75, 0.5, 0.38)])

    def test_two_hits_follow_the_relation_between_them(self):
        self.assertEqual(self.plan_of("a dog below a cat"), [(0, 0.5, 0.73, 0.4), (1, 0.5, 0.27, 0.4)])
        self.assertEqual(self.plan_of("a cat and a dog"), [(0, 0.27, 0.5, 0.4), (1, 0.73, 0.5, 0.4)])
        self.assertEqual(self.plan_of("a cat and a dog, the dog on the right")[0][1], 0.73)

    def test_no_hit_no_plan_and_an_empty_draft(self):
        ret = self.retriever.retrieve("a spaceship")
        self.assertEqual(plan(ret), [])
        refs, draft = conditions(ret, 2, 128)
        self.assertTrue(bool((draft == -1).all()) and bool((refs == -1).all()))


class SharedVectorsTest(unittest.TestCase):
    def test_plans_are_the_shared_vectors(self):
        stored = json.loads(planner_vectors.PLANS.read_text(encoding="utf-8"))
        self.assertEqual(stored, json.loads(json.dumps(planner_vectors.compute_plans())))

    def test_drafts_are_the_shared_vectors(self):
        torch.set_num_threads(1)
        stored = np.load(planner_vectors.DRAFTS)
        computed = planner_vectors.compute_drafts()
        self.assertEqual(sorted(stored.files), sorted(computed))
        for name, value in computed.items():
            self.assertLess(float(np.abs(stored[name] - value).max()), 1e-6, name)


if __name__ == "__main__":
    unittest.main()
