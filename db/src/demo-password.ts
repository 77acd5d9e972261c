export const DEMO_PASSWORD = 'mimamori-demo';
