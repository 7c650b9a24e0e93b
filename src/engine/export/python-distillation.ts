import { studentSpec, teacherSpec, type DistillationSettings } from '../distillation/settings';
import {
  kerasModel,
  kerasOptimizer,
  lines,
  logitsLoss,
  mnistData,
  preamble,
} from './python-source';

/**
 * The runnable script for /distillation: a Keras Distiller with the lab's loss. The tests compile
 * it and compare the defaults with a golden file.
 */

/**
 * /distillation: the teacher, then the same student trained from scratch and by a Keras
 * Distiller whose loss is (1 - a) CE(labels) + a T^2 KL(teacher_T || student_T), as in the lab.
 */
export function distillationScript(s: DistillationSettings): string {
  const images = s.teacherModel === 'cnn';
  const teacher = kerasModel(teacherSpec(s, s.seed), 'build_teacher');
  const student = kerasModel(studentSpec(s, s.seed), 'build_student');
  const studentInput = images
    ? [
        '# The student is an MLP on the flat pixels; the teacher sees images.',
        'flat = lambda x: tf.reshape(x, (-1, 784))',
      ]
    : ['flat = lambda x: x'];
  const transfer =
    s.transferSet === 'subset'
      ? [
          `n = int(len(x_train) * ${s.transferFraction})`,
          'x_transfer, y_transfer = x_train[:n], y_train[:n]',
        ]
      : s.transferSet === 'without-digit'
        ? [
            `keep = y_train != ${s.missingDigit}`,
            'x_transfer, y_transfer = x_train[keep], y_train[keep]',
          ]
        : ['x_transfer, y_transfer = x_train, y_train'];
  return lines([
    ...preamble(
      'Knowledge distillation (the /distillation lab; Hinton, Vinyals and Dean 2015)',
      'tensorflow 2.x',
      [],
      s.seed,
    ),
    '',
    ...mnistData(images),
    '',
    ...teacher,
    '',
    ...student,
    '',
    ...studentInput,
    '',
    'class Distiller(keras.Model):',
    '    """The student learns from the labels and from the teacher\'s softened outputs."""',
    '',
    '    def __init__(self, student, teacher):',
    '        super().__init__()',
    '        self.student, self.teacher = student, teacher',
    '',
    '    def compile(self, optimizer, metrics, alpha, temperature):',
    '        super().compile(optimizer=optimizer, metrics=metrics)',
    '        self.alpha, self.temperature = alpha, temperature',
    `        self.hard_loss = ${logitsLoss}`,
    '        self.kl = keras.losses.KLDivergence()',
    '',
    '    def train_step(self, data):',
    '        x, y = data',
    '        teacher_logits = self.teacher(x, training=False)',
    '        t = self.temperature',
    '        with tf.GradientTape() as tape:',
    '            student_logits = self.student(flat(x), training=True)',
    '            soft = self.kl(tf.nn.softmax(teacher_logits / t), tf.nn.softmax(student_logits / t))',
    '            loss = (1 - self.alpha) * self.hard_loss(y, student_logits) + self.alpha * t * t * soft',
    '        grads = tape.gradient(loss, self.student.trainable_variables)',
    '        self.optimizer.apply_gradients(zip(grads, self.student.trainable_variables))',
    '        self.compiled_metrics.update_state(y, student_logits)',
    "        return {'loss': loss, **{m.name: m.result() for m in self.metrics}}",
    '',
    '    def test_step(self, data):',
    '        x, y = data',
    '        self.compiled_metrics.update_state(y, self.student(flat(x), training=False))',
    '        return {m.name: m.result() for m in self.metrics}',
    '',
    'teacher = build_teacher()',
    `teacher.compile(optimizer=${kerasOptimizer('adam', s.learningRate)}, loss=${logitsLoss}, metrics=['accuracy'])`,
    ...(s.augment
      ? [
          '# Jitter as in the paper: each image shifted by up to 2 pixels.',
          "jitter = keras.Sequential([layers.Reshape((28, 28, 1)), layers.RandomTranslation(2 / 28, 2 / 28, fill_mode='constant'), layers.Reshape(x_train.shape[1:])])",
          `teacher_data = tf.data.Dataset.from_tensor_slices((x_train, y_train)).shuffle(60000).batch(${s.batchSize}).map(lambda x, y: (jitter(x, training=True), y))`,
          `teacher.fit(teacher_data, epochs=${s.teacherEpochs})`,
        ]
      : [`teacher.fit(x_train, y_train, batch_size=${s.batchSize}, epochs=${s.teacherEpochs})`]),
    "print('teacher test accuracy', teacher.evaluate(x_test, y_test, verbose=0)[1])",
    '',
    ...transfer,
    '',
    'scratch = build_student()',
    `scratch.compile(optimizer=${kerasOptimizer('adam', s.learningRate)}, loss=${logitsLoss}, metrics=['accuracy'])`,
    `scratch.fit(flat(x_transfer), y_transfer, batch_size=${s.batchSize}, epochs=${s.studentEpochs})`,
    "print('student from scratch, test accuracy', scratch.evaluate(flat(x_test), y_test, verbose=0)[1])",
    '',
    'distiller = Distiller(build_student(), teacher)',
    `distiller.compile(optimizer=${kerasOptimizer('adam', s.learningRate)}, metrics=[keras.metrics.SparseCategoricalAccuracy()], alpha=${s.alpha}, temperature=${s.temperature})`,
    `distiller.fit(x_transfer, y_transfer, batch_size=${s.batchSize}, epochs=${s.studentEpochs})`,
    "print('distilled student, test accuracy', distiller.evaluate(x_test, y_test, verbose=0))",
  ]);
}
