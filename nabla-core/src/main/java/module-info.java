/**
 * Nabla's core: tensors, autograd, layers, optimizers, data, training. Not exported: the CPU kernels
 * ({@code org.nabla.backend.cpu}), reached through {@link org.nabla.backend.Backend} as chosen by
 * {@link org.nabla.backend.Backends}, and the engine's access to tensors ({@code org.nabla.internal}).
 */
module org.nabla.core {
    requires jdk.incubator.vector;
    requires java.desktop; // ImageFolder reads images through javax.imageio
    requires java.net.http; // the dataset downloader

    exports org.nabla.tensor;
    exports org.nabla.autograd;
    exports org.nabla.backend;
    exports org.nabla.nn;
    exports org.nabla.nn.activation;
    exports org.nabla.nn.attention;
    exports org.nabla.nn.functional;
    exports org.nabla.nn.init;
    exports org.nabla.nn.loss;
    exports org.nabla.nn.recurrent;
    exports org.nabla.optim;
    exports org.nabla.optim.schedule;
    exports org.nabla.explain;
    exports org.nabla.explain.tsne;
    exports org.nabla.adversarial;
    exports org.nabla.data;
    exports org.nabla.data.augment;
    exports org.nabla.data.canvas;
    exports org.nabla.data.detection;
    exports org.nabla.detection;
    exports org.nabla.ensemble;
    exports org.nabla.io;
    exports org.nabla.metrics;
    exports org.nabla.models;
    exports org.nabla.models.segmentation;
    exports org.nabla.models.text;
    exports org.nabla.models.vision;
    exports org.nabla.models.detection;
    exports org.nabla.onnx;
    exports org.nabla.onnx.proto;
    exports org.nabla.train;
    exports org.nabla.train.task;
    exports org.nabla.train.gradient;
    exports org.nabla.train.doctor;
    exports org.nabla.train.lrfind;
    exports org.nabla.sequence;
    exports org.nabla.sequence.decode;
    exports org.nabla.rl.env;
    exports org.nabla.rl.bandit;
    exports org.nabla.rl.tabular;
    exports org.nabla.rl.agent;

    uses org.nabla.backend.BackendProvider;
    provides org.nabla.backend.BackendProvider with org.nabla.backend.cpu.CpuBackendProvider;
}
