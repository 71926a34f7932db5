/**
 * ONNX import: {@link org.nabla.onnx.Onnx#load} turns a model file into an {@link org.nabla.onnx.OnnxModule}, an
 * interpreter that runs the graph's nodes on Nabla tensors through the ops and {@code nn.functional.F}, with the
 * initializers as parameters (so an imported model can be fine-tuned). Each operator lives with its family
 * ({@code ElementwiseOps}, {@code NetworkOps}, {@code ShapeOps}, {@code ReductionOps}) and is looked up by op type in
 * {@code Operators}; an operator or attribute value the importer lacks is refused with an
 * {@link org.nabla.onnx.UnsupportedOnnxException} naming the op, the node and the file. The file format itself
 * (protocol buffers, read and written without a dependency) is in {@code org.nabla.onnx.proto}.
 */
package org.nabla.onnx;
