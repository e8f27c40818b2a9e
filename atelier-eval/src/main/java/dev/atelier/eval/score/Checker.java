package dev.atelier.eval.score;

import dev.atelier.eval.judge.DetectedObject;
import dev.atelier.eval.judge.JudgeInfo;
import dev.atelier.eval.judge.JudgeReading;
import dev.atelier.eval.suite.SuitePrompt;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Judges one image against its prompt (GenEval-style: every check must hold). The concept is the nearest
 * prototype of the largest object (of the two largest for two objects); the relation compares the centres of
 * the objects matched to the two concepts along the relation's axis, which must be the dominant one; the
 * position is the anchor (of nine, at 25/50/75 % of each side) nearest the largest object's centre;
 * background and count are the network heads; style is the prototype's style of the largest object.
 */
public final class Checker {
    private final JudgeInfo info;

    public Checker(JudgeInfo info) {
        this.info = info;
    }

    public Verdict check(SuitePrompt p, JudgeReading r) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        List<DetectedObject> objs = r.objects();
        DetectedObject main = objs.isEmpty() ? null : objs.get(0);
        List<Integer> expected = p.concepts().stream().map(info::conceptIndex).toList();
        for (String check : p.checks()) {
            boolean ok = switch (check) {
                case "concept" -> expected.size() == 1
                        ? main != null && main.concept() == expected.get(0)
                        : matchTwo(objs, expected) != null;
                case "relation" -> relationHolds(matchTwo(objs, expected), p.relation());
                case "count" -> r.count() == p.count();
                case "background" -> info.backgrounds().get(r.background()).equals(p.background());
                case "position" -> main != null && info.positions().get(nearestPosition(main)).equals(p.position());
                case "style" -> main != null && info.styles().get(main.style()).equals(p.style());
                default -> throw new IllegalArgumentException("unknown check " + check);
            };
            out.put(check, ok);
        }
        return new Verdict(out, describe(r));
    }

    /** The two largest objects, ordered as the expected concepts, if they show exactly those concepts. */
    static DetectedObject[] matchTwo(List<DetectedObject> objs, List<Integer> expected) {
        if (objs.size() < 2 || expected.size() != 2) return null;
        DetectedObject a = objs.get(0), b = objs.get(1);
        if (a.concept() == expected.get(0) && b.concept() == expected.get(1)) return new DetectedObject[]{a, b};
        if (b.concept() == expected.get(0) && a.concept() == expected.get(1)) return new DetectedObject[]{b, a};
        return null;
    }

    /** Index of the position anchor nearest the object's centre. */
    int nearestPosition(DetectedObject o) {
        int best = 0;
        double bestD = Double.MAX_VALUE;
        for (int i = 0; i < info.positionXy().size(); i++) {
            double[] xy = info.positionXy().get(i);
            double d = (xy[0] - o.cx()) * (xy[0] - o.cx()) + (xy[1] - o.cy()) * (xy[1] - o.cy());
            if (d < bestD) {
                bestD = d;
                best = i;
            }
        }
        return best;
    }

    static boolean relationHolds(DetectedObject[] pair, String relation) {
        if (pair == null || relation == null) return false;
        double dx = pair[0].cx() - pair[1].cx(), dy = pair[0].cy() - pair[1].cy();
        boolean horizontal = Math.abs(dx) >= Math.abs(dy);
        return switch (relation) {
            case "left of" -> horizontal && dx < 0;
            case "right of" -> horizontal && dx > 0;
            case "above" -> !horizontal && dy < 0;
            case "below" -> !horizontal && dy > 0;
            default -> throw new IllegalArgumentException("unknown relation '" + relation + "'");
        };
    }

    private String describe(JudgeReading r) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < Math.min(3, r.objects().size()); i++) {
            var o = r.objects().get(i);
            parts.add(String.format("%s (%s) at %.2f,%.2f", info.conceptLabels().get(o.concept()),
                    info.styles().get(o.style()), o.cx(), o.cy()));
        }
        if (parts.isEmpty()) parts.add("no object");
        return String.join("; ", parts) + String.format("; %s background, count %d", info.backgrounds().get(r.background()), r.count());
    }
}
