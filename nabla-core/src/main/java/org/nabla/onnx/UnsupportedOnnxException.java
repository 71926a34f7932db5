package org.nabla.onnx;

/** A valid ONNX model uses something the importer does not implement (an operator, an attribute value, a type). */
public final class UnsupportedOnnxException extends IllegalArgumentException {
    public UnsupportedOnnxException(String message) { super(message); }
}
