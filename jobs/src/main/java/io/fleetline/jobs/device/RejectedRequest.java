package io.fleetline.jobs.device;

/** A device request refused with one of the guide's codes before it reached the jobs service. */
final class RejectedRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;

    RejectedRequest(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    /** The guide's code: {@code InvalidJson}, {@code InvalidRequest}, {@code InvalidTopic}. */
    String code() {
        return code;
    }
}
