/** Choices offered for models and training; plain constants, so the page can import them without tfjs. */
export const activations = ['relu', 'tanh', 'sigmoid', 'elu', 'linear'] as const;
export type Activation = (typeof activations)[number];

export const optimizers = ['sgd', 'momentum', 'adam', 'rmsprop'] as const;
export type OptimizerName = (typeof optimizers)[number];
