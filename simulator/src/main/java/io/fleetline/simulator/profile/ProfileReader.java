package io.fleetline.simulator.profile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/** Reads a profile's YAML into a {@link FaultProfile}: every key known, every value of its kind, or an error. */
final class ProfileReader {
    static final int MAX_CHARS = 64 * 1024;
    private static final Set<String> TOP = Set.of("seed", "bootDelay", "faults");
    /** Each cohort's parameters (besides {@code share}) and how it is made from them. */
    private static final Map<String, CohortForm> FORMS = forms();

    private ProfileReader() {
    }

    /** How one cohort is read: its parameter names and the constructor over its parameters. */
    private record CohortForm(Set<String> parameters, BiFunction<String, Map<String, Object>, Cohort> make) {
    }

    private static Map<String, CohortForm> forms() {
        Map<String, CohortForm> forms = new LinkedHashMap<>();
        forms.put("dropMidDownload", new CohortForm(Set.of("afterBytes"), (at, p) -> new Cohort.DropMidDownload(
                ProfileValues.size(at + ".afterBytes", p.getOrDefault("afterBytes", 1), 0))));
        forms.put("corruptImage", new CohortForm(Set.of(), (at, p) -> new Cohort.CorruptImage()));
        forms.put("badSignature", new CohortForm(Set.of(), (at, p) -> new Cohort.BadSignature()));
        forms.put("crashMidInstall", new CohortForm(Set.of(), (at, p) -> new Cohort.CrashMidInstall()));
        forms.put("failHealthCheck", new CohortForm(Set.of(), (at, p) -> new Cohort.FailHealthCheck()));
        forms.put("offline", new CohortForm(Set.of("for"), (at, p) -> new Cohort.Offline(
                ProfileValues.duration(at + ".for", p.getOrDefault("for", "10m")))));
        forms.put("slow", new CohortForm(Set.of("bytesPerSecond"), (at, p) -> new Cohort.Slow(
                ProfileValues.size(at + ".bytesPerSecond", p.getOrDefault("bytesPerSecond", "64KiB"), 1))));
        return forms;
    }

    static FaultProfile read(String yaml) {
        if (yaml.length() > MAX_CHARS) {
            throw new ProfileException("a profile is at most " + MAX_CHARS + " characters");
        }
        Object root = load(yaml);
        if (root == null) {
            return FaultProfile.healthy();
        }
        Map<String, Object> top = mapping("the profile", root, TOP);
        long seed = top.containsKey("seed") ? ProfileValues.integer("seed", top.get("seed"))
                : FaultProfile.DEFAULT_SEED;
        Duration bootDelay = top.containsKey("bootDelay") ? ProfileValues.duration("bootDelay", top.get("bootDelay"))
                : FaultProfile.DEFAULT_BOOT_DELAY;
        List<FaultProfile.Share> shares = new ArrayList<>();
        if (top.get("faults") != null) {
            Map<String, Object> faults = mapping("faults", top.get("faults"), FORMS.keySet());
            faults.forEach((name, value) -> shares.add(share("faults." + name, FORMS.get(name), value)));
        }
        return new FaultProfile(seed, bootDelay, shares);
    }

    private static Object load(String yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        options.setNestingDepthLimit(10);
        options.setCodePointLimit(MAX_CHARS);
        try {
            return new Yaml(new SafeConstructor(options)).load(yaml);
        } catch (YAMLException e) {
            throw new ProfileException("not a YAML document: " + firstLine(e.getMessage()));
        }
    }

    /** A fault's entry: its share alone ({@code 5%}), or a mapping with {@code share} and its parameters. */
    private static FaultProfile.Share share(String at, CohortForm form, Object value) {
        if (!(value instanceof Map<?, ?>)) {
            return new FaultProfile.Share(form.make().apply(at, Map.of()), ProfileValues.percent(at, value));
        }
        Set<String> known = new java.util.HashSet<>(form.parameters());
        known.add("share");
        Map<String, Object> entry = mapping(at, value, known);
        if (!entry.containsKey("share")) {
            throw new ProfileException(at + ": share is missing (e.g. share: 5%)");
        }
        return new FaultProfile.Share(form.make().apply(at, entry), ProfileValues.percent(at + ".share",
                entry.get("share")));
    }

    /** A mapping whose keys are all {@code known}. */
    private static Map<String, Object> mapping(String at, Object value, Set<String> known) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new ProfileException(at + ": expected a mapping of " + String.join(", ", sorted(known)));
        }
        Map<String, Object> entries = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (!known.contains(key)) {
                throw new ProfileException(at + ": unknown key '" + key + "'; known: " + String.join(", ",
                        sorted(known)));
            }
            entries.put(key, e.getValue());
        }
        return entries;
    }

    private static List<String> sorted(Set<String> keys) {
        return keys.stream().sorted().toList();
    }

    private static String firstLine(String message) {
        String text = message == null ? "" : message.strip();
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
