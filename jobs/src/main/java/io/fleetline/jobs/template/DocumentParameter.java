package io.fleetline.jobs.template;

import java.util.regex.Pattern;

/**
 * One input of a managed template's document, written {@code ${aws:iot:parameter:<key>}} in it, as
 * DescribeManagedJobTemplate lists it.
 *
 * @param regex    what a value must match, whole (AWS publishes {@code (.){0,256}} and the like, which only bound a
 *                 value when matched whole)
 * @param optional whether CreateJob may leave it out; left out, it stands for the empty string in the document
 */
public record DocumentParameter(String key, String description, Pattern regex, String example, boolean optional) {
    /** Whether {@code value} is one this parameter takes. */
    public boolean accepts(String value) {
        return regex.matcher(value).matches();
    }
}
