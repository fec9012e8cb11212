const { loadEnv } = require("@medusajs/framework/utils")
loadEnv("test", process.cwd())

const testMatch = {
  unit: ["**/src/**/__tests__/**/*.unit.spec.[jt]s"],
  "integration:modules": ["**/src/modules/*/__tests__/**/*.spec.[jt]s"],
  "integration:http": ["**/integration-tests/http/*.spec.[jt]s"],
  reliability: ["**/integration-tests/reliability/*.spec.[jt]s"],
  // A measurement, not a test tier: `npm run bench:import` (README, "Importing a subscriber list").
  "bench:import": ["**/bench/import-memory.spec.[jt]s"],
}

if (!testMatch[process.env.TEST_TYPE]) {
  throw new Error(`TEST_TYPE must be one of: ${Object.keys(testMatch).join(", ")}`)
}

module.exports = {
  transform: {
    "^.+\\.[jt]s$": [
      "@swc/jest",
      { jsc: { parser: { syntax: "typescript", decorators: true }, target: "es2021" } },
    ],
  },
  testEnvironment: "node",
  moduleFileExtensions: ["js", "ts", "json"],
  modulePathIgnorePatterns: ["dist/", "<rootDir>/.medusa/"],
  setupFiles: ["./integration-tests/setup.js"],
  // The suites that boot Medusa start from one migrated database (integration-tests/global-setup.js).
  globalSetup: ["integration:http", "reliability", "bench:import"].includes(process.env.TEST_TYPE)
    ? "./integration-tests/global-setup.js"
    : undefined,
  testMatch: testMatch[process.env.TEST_TYPE],
  // Module tests match every spec under __tests__; unit specs run in their own tier.
  testPathIgnorePatterns:
    process.env.TEST_TYPE === "integration:modules" ? ["\\.unit\\.spec\\.[jt]s$"] : [],
}
