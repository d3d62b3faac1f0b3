/**
 * The AWS IoT policy language: parsing and validating policy documents, and deciding whether a principal may
 * perform an action on a resource.
 *
 * <p>This package owns the document grammar ({@link io.fleetline.security.policy.PolicyDocument}), the values
 * policy variables resolve to ({@link io.fleetline.security.policy.AuthorizationContext}) and the evaluation
 * rules ({@link io.fleetline.security.policy.PolicyEvaluator}) that produce a
 * {@link io.fleetline.security.policy.Decision} in the vocabulary of the TestAuthorization API. It knows nothing
 * of where policies are stored, how they are attached to principals or which transport asks: the broker, the
 * data-plane HTTP handlers and TestAuthorization build the context and the resource ARN and call the evaluator.
 *
 * <p>Documents are compiled once when parsed; evaluation only substitutes variables and runs precompiled
 * matchers, so it is cheap enough to run on every publish and every delivery.
 */
package io.fleetline.security.policy;
