from exercise import fit, mse
from genai_check import close


def test_exact_line():
    close(fit([0, 1, 2, 3], [1, 3, 5, 7]), (2.0, 1.0), "fit of points on y = 2x + 1")


def test_noisy_points():
    close(fit([1, 2, 3, 4], [2, 3, 5, 6]), (1.4, 0.5), "least-squares fit of (1,2) (2,3) (3,5) (4,6)")


def test_mse():
    close(mse([1, 2, 3, 4], [2, 3, 5, 6], 1.4, 0.5), 0.05, "MSE of y = 1.4x + 0.5 on those points")
