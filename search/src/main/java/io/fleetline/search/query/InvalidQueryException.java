package io.fleetline.search.query;

/**
 * A query string the syntax refuses. The message names the problem and the position (counted from 0) where it was
 * found; the API answers it as AWS's {@code InvalidQueryException}.
 */
public final class InvalidQueryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String problem;
    private final int position;

    public InvalidQueryException(String problem, int position) {
        super(problem + " at position " + position);
        this.problem = problem;
        this.position = position;
    }

    /** What is wrong, without the position. */
    public String problem() {
        return problem;
    }

    /** Where in the query string the problem was found, counted from 0. */
    public int position() {
        return position;
    }
}
