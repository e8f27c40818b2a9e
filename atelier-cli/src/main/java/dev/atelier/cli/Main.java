package dev.atelier.cli;

import dev.atelier.engine.model.ModelPackageException;
import dev.atelier.engine.request.InvalidRequestException;
import dev.atelier.engine.request.RequestField;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code atelier} command. User errors print one line and exit non-zero; stack traces only with ATELIER_DEBUG=1. */
@Command(name = "atelier", mixinStandardHelpOptions = true, version = "atelier 0.1.0",
        description = "Self-hosted image generation.",
        subcommands = {GenerateCommand.class, TokenizeCommand.class, ModelsCommand.class, GridCommand.class,
                ServeCommand.class, WorkerCommand.class, KeysCommand.class, FeedbackCommand.class, ArenaCommand.class,
                EvalCommand.class, BenchCommand.class, LibraryCommand.class, BlocklistCommand.class, VerifyCommand.class, UpscaleCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit code for bad input (usage, arguments, files). */
    static final int USER_ERROR = 2;
    /** Exit code for a failure that is not the user's input. */
    static final int FAILURE = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    public static void main(String[] args) {
        Logging.configure();
        System.exit(execute(args));
    }

    /** Runs the CLI and returns its exit code (tests call this). */
    public static int execute(String... args) {
        var cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean userError = ex instanceof IllegalArgumentException || ex instanceof ModelPackageException
                    || ex instanceof java.nio.file.NoSuchFileException;
            commandLine.getErr().println("error: " + message(ex));
            if (System.getenv("ATELIER_DEBUG") != null) ex.printStackTrace(commandLine.getErr());
            return userError ? USER_ERROR : FAILURE;
        });
        cli.setParameterExceptionHandler((ex, a) -> {
            var cl = ex.getCommandLine();
            cl.getErr().println("error: " + ex.getMessage());
            cl.getErr().println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
            return USER_ERROR;
        });
        return cli.execute(args);
    }

    private static String message(Throwable ex) {
        // the engine names a request's fields as the API does; here they are the command's options
        if (ex instanceof InvalidRequestException e) return e.message(RequestField::cliName);
        String m = ex.getMessage();
        return m == null || m.isBlank() ? ex.getClass().getSimpleName() : m;
    }
}
