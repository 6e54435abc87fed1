from exercise import lora_params, trainable_fraction
from genai_check import close, expect


def test_one_matrix():
    expect(lora_params([(4096, 4096)], 8), 65536, "a rank-8 adapter on one 4096x4096 matrix")


def test_llama3_8b_qv():
    # q_proj is 4096 -> 4096, v_proj 4096 -> 1024 (grouped-query attention); 32 layers.
    expect(lora_params([(4096, 4096), (4096, 1024)], 16, layers=32), 6815744, "rank-16 LoRA on q and v of Llama-3-8B")


def test_fraction():
    close(trainable_fraction(6815744, 8_030_000_000), 0.000848785, "fraction of Llama-3-8B trained", tol=1e-4)
