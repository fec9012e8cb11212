// Jest global setup of the HTTP and reliability tiers: one migrated base database for all suites
// (integration-tests/helpers/migrated-base.js).
module.exports = () => require("./helpers/migrated-base").setup()
