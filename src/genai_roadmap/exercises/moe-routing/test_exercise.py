from exercise import active_params, route
from genai_check import close, expect


def test_top2():
    got = route([0.1, 2.0, -1.0, 1.0], 2)
    expect([e for e, _ in got], [1, 3], "the two experts chosen for logits [0.1, 2.0, -1.0, 1.0]")
    close([w for _, w in got], [0.7310585786, 0.2689414214], "their weights (softmax over the chosen logits)")


def test_top1_weight_is_one():
    close(route([3.0, 5.0, 4.0], 1), [(1, 1.0)], "top-1 routing")


def test_active_params():
    expect(active_params(1_600_000_000, 5_600_000_000, 2), 12_800_000_000, "active parameters, Mixtral-like (k=2)")
