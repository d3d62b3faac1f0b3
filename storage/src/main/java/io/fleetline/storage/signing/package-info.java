/** Code signing's store on the account's database: ACM certificates with their sealed keys, profiles, jobs. */
package io.fleetline.storage.signing;
