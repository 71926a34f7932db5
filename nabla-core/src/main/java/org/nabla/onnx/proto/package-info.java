/**
 * The ONNX file format without native code or a runtime dependency: a small protocol-buffers wire codec
 * ({@link org.nabla.onnx.proto.ProtoReader}, {@link org.nabla.onnx.proto.ProtoWriter}: varints, fixed 32/64-bit
 * values, length-delimited fields) and the ONNX messages as records that parse and write themselves, with the field
 * numbers of onnx.proto (IR version 8, onnx 1.12).
 *
 * <p>Why our own codec: the core depends on nothing but the JDK; protoc is not available to generate classes, and
 * protobuf-java without generated classes means DynamicMessage and field names as strings. The schema is small and
 * fixed, and the wire format is five rules, so about 600 lines here read and write every field the importer and the
 * exporter use; unknown fields (sparse tensors, training info, functions) are skipped on reading.
 */
package org.nabla.onnx.proto;
