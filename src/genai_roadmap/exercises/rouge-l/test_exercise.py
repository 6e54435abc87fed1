from exercise import lcs_length, rouge_l
from genai_check import close, expect


def test_lcs():
    expect(lcs_length("a b c d e".split(), "a c e".split()), 3, "LCS of 'a b c d e' and 'a c e'")
    expect(lcs_length(list("ABCBDAB"), list("BDCABA")), 4, "LCS of ABCBDAB and BDCABA")


def test_rouge_l():
    close(rouge_l("the cat was found under the bed", "the cat was under the bed"), 0.9230769231,
          "ROUGE-L of a near-identical summary")
    close(rouge_l("The Cat", "the cat"), 1.0, "ROUGE-L ignores case")
    close(rouge_l("dogs bark", "cats meow"), 0.0, "ROUGE-L with nothing in common")
