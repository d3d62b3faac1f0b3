/**
 * The console's pages: each loads what it shows from the domain services into a view and renders it with
 * {@link io.fleetline.console.html.Html} templates; the templates decide nothing.
 */
package io.fleetline.console.page;
