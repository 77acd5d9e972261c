export * from './coverage';
export * from './siting';
export * from './beats';
export * from './patrol';
