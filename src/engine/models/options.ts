/** Choices offered for models and training; plain constants, so the page can import them without tfjs. */
export const activations = ['relu', 'tanh', 'sigmoid', 'elu', 'linear'] as const;
export type Activation = (typeof activations)[number];

export const optimizers = ['sgd', 'momentum', 'adam', 'rmsprop'] as const;
export type OptimizerName = (typeof optimizers)[number];

/** Weight initializers (Glorot and Bengio 2010; He et al. 2015; LeCun et al. 1998), as Keras names them. */
export const initializers = ['glorotUniform', 'heNormal', 'lecunNormal'] as const;
export type Initializer = (typeof initializers)[number];
