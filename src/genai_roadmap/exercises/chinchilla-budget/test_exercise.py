from exercise import chinchilla_optimal, training_flops
from genai_check import close


def test_flops():
    close(training_flops(70e9, 1.4e12), 5.88e23, "FLOPs to train Chinchilla (70B params, 1.4T tokens)")


def test_optimal():
    close(chinchilla_optimal(5.88e23), (70e9, 1.4e12), "compute-optimal size for Chinchilla's budget", tol=1e-6)
