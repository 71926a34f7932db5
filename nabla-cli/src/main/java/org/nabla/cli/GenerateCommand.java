package org.nabla.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.nabla.data.CharVocabulary;
import org.nabla.sequence.LanguageModel;
import org.nabla.sequence.decode.Decoded;
import org.nabla.sequence.decode.DecodeOptions;
import org.nabla.sequence.decode.Decoding;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code nabla generate}: continues a prompt with a trained language model and prints the text. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Continues --prompt with a language model trained by 'nabla train charlstm|chargru|charrnn|gpt' and prints the text.")
final class GenerateCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN", description = "A run folder or checkpoint of a language model.")
    private Path run;

    @Option(names = "--prompt", paramLabel = "TEXT", description = "Text to continue (its characters must be in the run's vocabulary). Default: a newline.")
    private String prompt;

    @Option(names = "--length", paramLabel = "N", defaultValue = "300", description = "Characters to generate. Default: ${DEFAULT-VALUE}.")
    private int length;

    @Option(names = "--strategy", paramLabel = "NAME", defaultValue = "sample",
            description = "greedy (the most likely character), sample (drawn from the softmax) or beam (beam search). Default: ${DEFAULT-VALUE}.")
    private String strategy;

    @Option(names = "--temperature", paramLabel = "T", defaultValue = "1.0",
            description = "Sampling: divide the logits by T (below 1 is more conservative). Default: ${DEFAULT-VALUE}.")
    private double temperature;

    @Option(names = "--top-k", paramLabel = "K", defaultValue = "0", description = "Sampling: keep only the K most likely characters (0: all). Default: ${DEFAULT-VALUE}.")
    private int topK;

    @Option(names = "--top-p", paramLabel = "P", defaultValue = "1.0",
            description = "Sampling: keep the smallest set of likeliest characters reaching probability P (nucleus; 1: all). Default: ${DEFAULT-VALUE}.")
    private double topP;

    @Option(names = "--beam", paramLabel = "B", defaultValue = "5", description = "Beam search: the beam width. Default: ${DEFAULT-VALUE}.")
    private int beam;

    @Option(names = "--length-penalty", paramLabel = "A", defaultValue = "0.6",
            description = "Beam search: GNMT length normalisation exponent (0: rank by log-probability). Default: ${DEFAULT-VALUE}.")
    private double lengthPenalty;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Seed of the sampler. Default: ${DEFAULT-VALUE}.")
    private long seed;

    @Override
    public Integer call() {
        if (length < 1) throw mistake("--length must be at least 1, got " + length);
        if (beam < 1) throw mistake("--beam must be at least 1, got " + beam);
        DecodeOptions options;
        try {
            options = new DecodeOptions(DecodeOptions.Strategy.parse(strategy), temperature, topK, topP, beam, lengthPenalty, DecodeOptions.NO_EOS, seed);
        } catch (IllegalArgumentException e) {
            throw mistake("--" + e.getMessage().replace("length penalty", "length-penalty")); // "temperature must be > 0, got 0"
        }
        TrainedModel t = TrainedModel.load(run, null).require(TrainedModel.LANGUAGE_MODEL, "nabla generate");
        CharVocabulary vocab = CharVocabulary.ofCharacters(t.vocabulary());
        String start = prompt != null ? prompt : TextSamples.prompt(vocab);
        if (start.isEmpty()) throw mistake("--prompt must not be empty (omit it to start after a newline)");
        int[] ids;
        try {
            ids = vocab.encode(start);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--prompt: " + e.getMessage() + " of " + run + " (" + vocab.size() + " characters: "
                    + printable(vocab.characters()) + ")");
        }
        Decoded d = Decoding.decode((LanguageModel) t.model(), Arrays.stream(ids).asLongStream().toArray(), length, options);
        PrintWriter w = spec.commandLine().getOut();
        w.println(start + vocab.decode(d.tokens()));
        w.flush();
        return 0;
    }

    /** The characters with control characters escaped, for a one-line message. */
    private static String printable(String chars) {
        return chars.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
    }

    private ParameterException mistake(String message) { return new ParameterException(spec.commandLine(), message); }
}
