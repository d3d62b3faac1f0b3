/** The console's HTML: {@link io.fleetline.console.html.Html}, templates with escaped holes. */
package io.fleetline.console.html;
