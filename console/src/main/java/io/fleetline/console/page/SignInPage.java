package io.fleetline.console.page;

import io.fleetline.console.html.Html;
import java.util.Optional;

/** The sign-in form: an access key id and its secret key (the secret is never echoed back). */
public final class SignInPage {
    private SignInPage() {
    }

    public static Html render(Optional<String> problem, String accessKeyId) {
        Html alert = problem.map(p -> Html.of("<p class=\"error\" role=\"alert\" id=\"sign-in-error\">{}</p>", p))
                .orElse(Html.EMPTY);
        return Layout.document("Sign in", Html.of("""
                <main id="main" class="sign-in"><h1>Fleetline console</h1>{}
                <form method="post" action="/console/sign-in">
                <p><label for="access-key-id">Access key ID</label>
                <input id="access-key-id" name="accessKeyId" autocomplete="username" required maxlength="128"
                 spellcheck="false" value="{}"></p>
                <p><label for="secret-key">Secret access key</label>
                <input id="secret-key" name="secretKey" type="password" autocomplete="current-password" required
                 maxlength="128"></p>
                <p><button type="submit">Sign in</button></p>
                </form>
                <p class="hint">The admin key is in the data directory's <code>credentials</code> file.</p></main>""",
                alert, accessKeyId));
    }
}
