from exercise import adam_step, sgd_step
from genai_check import close


def test_sgd():
    close(sgd_step([1.0, -2.0], [0.5, -1.0], 0.1), [0.95, -1.9], "sgd_step([1, -2], [0.5, -1], lr=0.1)")


def test_adam_first_step_moves_by_lr():
    # After bias correction, Adam's first step has size lr whatever the gradient's scale.
    w, m, v = adam_step([1.0, 1.0], [100.0, -0.001], [0.0, 0.0], [0.0, 0.0], t=1, lr=0.01)
    close(w, [0.99, 1.01], "weights after Adam's first step (lr=0.01)", tol=1e-5)
    close(m, [10.0, -0.0001], "first moment m after one step")
    close(v, [10.0, 1e-9], "second moment v after one step")


def test_adam_second_step():
    w, m, v = adam_step([0.0], [1.0], [0.1], [0.001], t=2, lr=0.1)
    close(w, [-0.1], "weight after a second step with the same gradient", tol=1e-5)
