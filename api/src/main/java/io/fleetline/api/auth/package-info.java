/** SigV4 verification of API requests against the access keys Fleetline keeps. */
package io.fleetline.api.auth;
