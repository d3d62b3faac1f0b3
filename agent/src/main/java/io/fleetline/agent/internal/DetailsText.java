package io.fleetline.agent.internal;

/**
 * Text made fit for a {@code statusDetails} value: at most 1,024 characters (the Device Client sends the last 1,024
 * of a job's output, the most recent being what explains a failure) and no control characters (AWS's rule for
 * values, which Fleetline enforces): line breaks and tabs become spaces. A cut never splits a surrogate pair: half of
 * one is not Unicode, and the server refuses a report that holds it.
 */
public final class DetailsText {
    public static final int MAX_LENGTH = 1024;

    private DetailsText() {
    }

    /** The last {@link #MAX_LENGTH} characters of {@code text}, cleaned; empty when nothing is left. */
    public static String tail(String text) {
        String clean = text.replaceAll("\\p{C}", " ").strip();
        if (clean.length() <= MAX_LENGTH) {
            return clean;
        }
        int start = clean.length() - MAX_LENGTH;
        if (Character.isLowSurrogate(clean.charAt(start))) {
            start++;
        }
        return clean.substring(start).strip();
    }

    /** The first {@link #MAX_LENGTH} characters of {@code text}, cleaned: for reasons, which say first what failed. */
    public static String head(String text) {
        String clean = text.replaceAll("\\p{C}", " ").strip();
        if (clean.length() <= MAX_LENGTH) {
            return clean;
        }
        int end = MAX_LENGTH;
        if (Character.isHighSurrogate(clean.charAt(end - 1))) {
            end--;
        }
        return clean.substring(0, end);
    }
}
