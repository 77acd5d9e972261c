export * from './config/config';
export * from './data-source';
export * from './entities';
export * from './layers/layer-registry';
export * from './demo-password';
export * from './layers/layer-sql';
export * from './demo/demo-users';
