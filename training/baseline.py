"""The baseline to beat: TF-IDF + one-vs-rest logistic regression, intents only."""

from __future__ import annotations

from typing import Sequence

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import FeatureUnion, make_pipeline
from sklearn.preprocessing import MultiLabelBinarizer

from training.evaluate import EvaluationReport, Prediction, report, timed_predictions
from training.nlu_data import NluExample


def evaluate_baseline(train: Sequence[NluExample], examples: Sequence[NluExample]) -> EvaluationReport:
    binarizer = MultiLabelBinarizer()
    targets = binarizer.fit_transform([example.intents for example in train])
    features = FeatureUnion(
        [
            ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)),
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)),
        ]
    )
    classifier = make_pipeline(features, OneVsRestClassifier(LogisticRegression(C=10.0, max_iter=2000)))
    classifier.fit([example.text for example in train], targets)

    def predict(example: NluExample) -> Prediction:
        probabilities = classifier.predict_proba([example.text])[0]
        chosen = {label for label, p in zip(binarizer.classes_, probabilities) if p >= 0.5}
        return Prediction(intents=chosen or {binarizer.classes_[probabilities.argmax()]}, spans=None)

    predictions, latency = timed_predictions(predict, examples)
    return report("baseline TF-IDF + one-vs-rest logistic regression", examples, predictions, latency)
