/** Turns a raw HTTP request into an operation's input, member by member as the model binds it, and checks it. */
package io.fleetline.api.binding;
