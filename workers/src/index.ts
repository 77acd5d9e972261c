export * from "./contracts";
