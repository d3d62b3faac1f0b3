/** Access keys that sign API requests, as Fleetline issues and keeps them. */
package io.fleetline.core.auth;
