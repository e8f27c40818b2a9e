package dev.atelier.cli;

import dev.atelier.engine.arch.Architectures;
import dev.atelier.engine.model.ModelPackage;
import dev.atelier.engine.text.TokenizedText;
import dev.atelier.engine.text.Tokenizer;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code atelier tokenize --model DIR PROMPT}: prints the token ids the model's text encoder will read. */
@Command(name = "tokenize", mixinStandardHelpOptions = true, description = "Print the token ids of a prompt.")
final class TokenizeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROMPT")
    String prompt;

    @Option(names = {"-m", "--model"}, paramLabel = "DIR|NAME", description = "Model package (default: the default model).")
    String model;

    @Option(names = "--padded", description = "Print the padded ids the encoder reads (model_max_length of them).")
    boolean padded;

    @Override
    public Integer call() {
        Tokenizer tokenizer = Architectures.load(ModelLocator.resolve(model)).loadTokenizer();
        TokenizedText t = tokenizer.encode(prompt, tokenizer.modelMaxLength());
        int[] ids = padded ? t.ids() : tokenizer.encodeUnpadded(prompt);
        spec.commandLine().getOut().println(Arrays.stream(ids).mapToObj(Integer::toString).collect(Collectors.joining(" ")));
        if (t.truncated()) {
            spec.commandLine().getErr().println("warning: the prompt has " + tokenizer.encodeUnpadded(prompt).length
                    + " tokens; the model reads " + tokenizer.modelMaxLength() + ", the rest is truncated");
        }
        return 0;
    }
}
