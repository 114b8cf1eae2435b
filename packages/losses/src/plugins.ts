import { huberLoss } from './builtin/huber.js';
import { logCoshLoss } from './builtin/log-cosh.js';
import { logisticLoss } from './builtin/logistic.js';
import { mseLoss } from './builtin/mse.js';
import { smoothHingeLoss } from './builtin/smooth-hinge.js';
import { softmaxCrossEntropyLoss } from './builtin/softmax-cross-entropy.js';

/** Every loss plugin of this package (kind `loss`), for a registry. */
export const lossPlugins = [mseLoss, huberLoss, logCoshLoss, logisticLoss, softmaxCrossEntropyLoss, smoothHingeLoss] as const;
