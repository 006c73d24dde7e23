# SPDX-License-Identifier: MIT
"""The digits MLP end to end on devices."""
import numpy as np
import pytest

import mxa
from mxa import digits


@pytest.fixture(scope="module")
def model():
    """The model `make` trained; the QEMU guests, which have no
    scikit-learn, bring the trained model along."""
    if not digits.default_path().exists():
        pytest.importorskip("sklearn",
                            reason="python3-sklearn is not installed")
    return digits.load()


def test_float_reference(model):
    assert model.float_accuracy() == pytest.approx(model.sklearn_accuracy)
    assert model.float_accuracy() > 0.95
    assert [w.shape for w in model.weights] == [(64, 64), (64, 32), (32, 10)]


def test_e4m3_on_emu_is_close_to_float(emu, model):
    acc = digits.infer(emu, mxa.Recipe("e4m3", "e4m3", scale="mx"), model)
    assert abs(acc - model.float_accuracy()) <= 0.02
    # Element-wise e4m3 (no block scales) works as well on this model.
    acc = digits.infer(emu, mxa.Recipe("e4m3", "e4m3"), model)
    assert abs(acc - model.float_accuracy()) <= 0.02
    # And ternary loses much: the inference really runs in the format.
    acc = digits.infer(emu, mxa.Recipe("ternary", "ternary", scale="mx"),
                       model)
    assert acc < model.float_accuracy() - 0.1


def test_sim_predicts_as_emu(sim_min, emu, model):
    x = model.x_test[:40]
    for recipe in (mxa.Recipe("e4m3", "e4m3", scale="mx"),
                   mxa.Recipe("e2m1", "e2m1", scale="nv", tensor_scale=True)):
        p_sim = digits.predict(sim_min, recipe, x, model)
        p_emu = digits.predict(emu, recipe, x, model)
        np.testing.assert_array_equal(p_sim, p_emu)


def test_training_is_deterministic(tmp_path, model):
    pytest.importorskip("sklearn", reason="python3-sklearn is not installed")
    path = digits.train(tmp_path / "again.npz")
    again = digits.load(path)
    for a, b in zip(again.weights + again.biases,
                    model.weights + model.biases):
        np.testing.assert_array_equal(a, b)


def test_report(capsys):
    digits.report(["emu", "drm:/nonexistent"], limit=30)
    out = capsys.readouterr().out
    assert "# drm:/nonexistent:" in out
    assert "e4m3xe4m3/mx" in out and "e2m1xe2m1/nv+g" in out


def test_drm_predicts_as_emu(drm, emu, model):
    """A few samples (a job on the simulated device of a QEMU guest takes
    seconds), through every kind of recipe: MX floats, MX integers and
    ternary, NVFP4."""
    x = model.x_test[:8]
    for recipe in (mxa.Recipe("e4m3", "e4m3", scale="mx"),
                   mxa.Recipe("int8", "int8", scale="mx"),
                   mxa.Recipe("ternary", "ternary", scale="mx"),
                   mxa.Recipe("e2m1", "e2m1", scale="nv", tensor_scale=True)):
        np.testing.assert_array_equal(digits.predict(drm, recipe, x, model),
                                      digits.predict(emu, recipe, x, model))
