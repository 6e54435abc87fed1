from exercise import attention_params, ffn_params
from genai_check import expect


def test_gpt2_small():
    expect(attention_params(768, 12), 2359296, "attention weights of GPT-2 small (d_model 768, 12 heads)")
    expect(ffn_params(768, 3072, gated=False), 4718592, "FFN weights of GPT-2 small (d_ff 3072, GELU)")


def test_llama3_8b_block():
    expect(attention_params(4096, 32, 8), 41943040, "attention weights of a Llama-3-8B block (32 heads, 8 KV heads)")
    expect(ffn_params(4096, 14336), 176160768, "SwiGLU FFN weights of a Llama-3-8B block")
