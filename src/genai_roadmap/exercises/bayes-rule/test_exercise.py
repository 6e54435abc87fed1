from exercise import posterior
from genai_check import close


def test_spam_word():
    # 20% of mail is spam; "prize" is in 30% of spam and 1% of ham.
    close(posterior(0.2, 0.3, 0.01), 0.8823529412, "P(spam | 'prize')")


def test_rare_disease():
    # The classic: a 99%-sensitive test with a 5% false-positive rate, for a 1-in-1000 disease.
    close(posterior(0.001, 0.99, 0.05), 0.0194346290, "P(disease | positive test)")


def test_no_evidence():
    close(posterior(0.5, 0.0, 0.0), 0.0, "posterior when the evidence can never happen")
