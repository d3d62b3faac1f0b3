package io.fleetline.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A benchmark's command line: {@code --name value} pairs and flags without a value, in any order. Each benchmark's
 * options class names its flags and takes the pairs in a {@code switch} of its own; an option it does not know, or one
 * without its value, is an {@link IllegalArgumentException} naming it.
 */
final class BenchArgs {
    /** The flags every benchmark takes: {@code --keep} (the work directory), {@code --profile} (JFR). */
    static final Set<String> COMMON_FLAGS = Set.of("--keep", "--profile");

    private BenchArgs() {
    }

    /**
     * Walks {@code args}: each of {@code flags} goes to {@code flag}, anything else with the value after it to
     * {@code option}.
     */
    static void parse(String[] args, Set<String> flags, Consumer<String> flag, BiConsumer<String, String> option) {
        for (int i = 0; i < args.length; i++) {
            if (flags.contains(args[i])) {
                flag.accept(args[i]);
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + args[i] + " needs a value");
            }
            option.accept(args[i], args[++i]);
        }
    }

    /** What an option's {@code switch} answers for a name it does not know. */
    static IllegalArgumentException unknown(String option) {
        return new IllegalArgumentException("unknown option " + option);
    }

    /** {@code 1,100,1000}. */
    static int[] ints(String value) {
        return Arrays.stream(value.split(",")).mapToInt(v -> Integer.parseInt(v.trim())).toArray();
    }

    /** {@code a,b,c}. */
    static List<String> list(String value) {
        return List.of(value.split(","));
    }

    /** JVM options, {@code "-Xmx2g -XX:+UseZGC"}; blank: none. */
    static List<String> words(String value) {
        return value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
    }
}
