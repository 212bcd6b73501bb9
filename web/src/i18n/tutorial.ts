// Strings of the tutorial page (web/tutorial.html): what activation functions are for, in eight short
// sections, English and Simplified Chinese. Each section is text around embedded components.
import { registerStrings } from './index.js';

const en: Record<string, string> = {
  'tutorial.title': 'What activation functions are for',
  'tutorial.lead': 'A guided walk through the reasons neural networks need nonlinear activations, built from live pieces of the Activation Playground. Every plot below runs the same WebAssembly engine in your browser.',
  'tutorial.lang': 'Language',
  'tutorial.toc': 'Contents',
  'tutorial.back': 'Back to the playground',

  'tutorial.neuron.h': '1. A neuron: activation(w·x + b)',
  'tutorial.neuron.p1': 'An artificial neuron does two things. It forms a weighted sum of its inputs plus a bias, z = w1·x1 + w2·x2 + … + b, and it passes z through a fixed function f, the activation. The weights and bias are learned; f is chosen by whoever designs the network.',
  'tutorial.neuron.p2': 'Without f the neuron is linear regression. The activation decides what the neuron can express: a sigmoid squashes z into (0, 1), tanh into (−1, 1), ReLU keeps the positive part and zeroes the rest. Dashed lines are the derivatives, which matter for training.',

  'tutorial.linear.h': '2. Why stacked linear layers stay linear',
  'tutorial.linear.p1': 'It is tempting to think that more layers mean more power. Not without activations: a linear layer followed by a linear layer is one linear layer, because the product of two matrices is a matrix. The biases add up into a single bias too.',
  'tutorial.linear.p2': 'The network below has identity activations in its hidden layers. The engine multiplies the layers out and prints the single map they amount to. Train it on the circle: its boundary stays a straight line.',

  'tutorial.xor.h': '3. XOR and the circle',
  'tutorial.xor.p1': 'XOR is the smallest problem a line cannot solve: the two points that should output 1 sit on one diagonal, the two that should output 0 on the other. Add one hidden unit with a threshold and the problem falls apart. The step network below uses the hidden unit as an "and" detector that cancels the output when both inputs are on.',
  'tutorial.xor.p2': 'A second way around a line is to change the coordinates. The circle data set is hopeless for a line in (x1, x2), but in (x1², x2²) the circle becomes a straight line.',
  'tutorial.xor.p3': 'A hidden layer does this change of coordinates by itself, and learns which one to use. Look at the data in the space of two hidden units: as the network trains, the activations fold the plane until the output unit can cut it with a line.',

  'tutorial.saturation.h': '4. Saturation and vanishing gradients',
  'tutorial.saturation.p1': 'A function saturates on a side when its derivative tends to zero there: sigmoid and tanh saturate on both sides. In a saturated region a change of the input hardly changes the output, so the gradient that reaches the weights is tiny.',
  'tutorial.saturation.p2': 'Backpropagation multiplies one derivative per layer. With the sigmoid, whose derivative never exceeds 0.25, the product shrinks quickly, and the layers near the input learn slowest. The two panels compare the gradient norms of a deep sigmoid network and the same network with ReLU.',

  'tutorial.relu.h': '5. ReLU and dying units',
  'tutorial.relu.p1': 'ReLU, max(0, x), has derivative 1 for every positive input, so it does not shrink gradients on that side, and it is cheap to compute. It became the default activation of deep networks.',
  'tutorial.relu.p2': 'Its flat negative side has a price. A unit whose input is negative on every example outputs zero and receives zero gradient: it is dead, and nothing will bring it back. Large learning rates kill many units at once.',

  'tutorial.leaky.h': '6. LeakyReLU, PReLU, ELU, SELU',
  'tutorial.leaky.p1': 'The fix is to give the negative side a slope or a curve. LeakyReLU uses a small fixed slope α (0.01 by default); PReLU learns α during training. ELU bends smoothly towards −α for negative inputs, which keeps mean outputs closer to zero. SELU scales ELU by fixed constants chosen so that activations keep a stable mean and variance through many layers.',
  'tutorial.leaky.p2': 'The engine computes the properties of each function: its range, where it saturates, whether it is monotonic, zero-centred and smooth.',
  'tutorial.leaky.p3': 'A learnable parameter is just another weight. Here PReLU\'s α and Swish\'s β change while their networks train.',

  'tutorial.swish.h': '7. Swish, Mish and depth',
  'tutorial.swish.p1': 'Swish, x·sigmoid(βx), and Mish, x·tanh(softplus(x)), look like ReLU for large inputs but are smooth everywhere, dip slightly below zero, and are not monotonic. They are unbounded above, so they do not saturate for large positive inputs, and bounded below.',
  'tutorial.swish.p2': 'The Mish paper trained plain networks of growing depth and found that accuracy fell fastest with ReLU, slower with Swish and slowest with Mish. The experiment below repeats the idea at toy scale: one network per activation and depth, the same budget for all. Run it and read the curves; at this scale the outcome varies with the seed.',
  'tutorial.swish.p3': 'The same data and seed, trained side by side with different activations:',

  'tutorial.softmax.h': '8. Softmax for classification',
  'tutorial.softmax.p1': 'Hidden layers need nonlinearity; the output layer needs the right shape. For k classes, softmax turns k scores z_i into probabilities e^(z_i) / Σ_j e^(z_j): all positive, summing to one, the largest score getting the largest share. With two classes it reduces to the sigmoid of the difference of the scores.',
  'tutorial.softmax.p2': 'Edit the scores and the temperature T (softmax of z/T): a small T sharpens the distribution towards the largest score, a large T flattens it towards uniform. Only differences between scores matter; adding the same number to all of them changes nothing.',

  'tutorial.softmax.p3': 'A network with a softmax output of three units learns the three arms of a spiral; each colour of the map is the class with the largest probability. Press play.',
  'tutorial.end': 'Every component on this page can be embedded in your own page with one script tag; see "Embedding" in the README.',
};

const zh: Record<string, string> = {
  'tutorial.title': '激活函数有什么用',
  'tutorial.lead': '这是一份循序渐进的导读，说明神经网络为什么需要非线性的激活函数。页面由激活函数游乐场的交互组件拼成，下面的每一幅图都在你的浏览器里运行同一个 WebAssembly 引擎。',
  'tutorial.lang': '语言',
  'tutorial.toc': '目录',
  'tutorial.back': '返回游乐场',

  'tutorial.neuron.h': '1. 神经元：activation(w·x + b)',
  'tutorial.neuron.p1': '一个人工神经元做两件事：先把输入加权求和再加上偏置，得到 z = w1·x1 + w2·x2 + … + b；再让 z 通过一个固定的函数 f，也就是激活函数。权重和偏置是学出来的，f 则由设计网络的人选定。',
  'tutorial.neuron.p2': '没有 f，神经元就只是线性回归。激活函数决定了神经元能表达什么：sigmoid 把 z 压缩到 (0, 1)，tanh 压缩到 (−1, 1)，ReLU 保留正的部分、把其余置零。虚线是导数，它对训练至关重要。',

  'tutorial.linear.h': '2. 为什么线性层叠加起来仍然是线性的',
  'tutorial.linear.p1': '人们容易以为层数越多能力越强。没有激活函数就不是这样：一个线性层接另一个线性层，仍然只是一个线性层，因为两个矩阵的乘积还是一个矩阵，各层的偏置也会合并成一个偏置。',
  'tutorial.linear.p2': '下面这个网络的隐藏层都用恒等激活。引擎把各层乘到一起，给出它们等价的那一个映射。在圆形数据上训练它：边界始终是一条直线。',

  'tutorial.xor.h': '3. 异或与圆',
  'tutorial.xor.p1': '异或是直线解决不了的最小问题：应输出 1 的两个点在一条对角线上，应输出 0 的两个点在另一条对角线上。加一个带阈值的隐藏单元，问题就迎刃而解。下面的阶跃网络把隐藏单元当作“与”检测器，当两个输入都为 1 时抵消输出。',
  'tutorial.xor.p2': '绕开直线限制的另一种办法是换坐标。圆形数据在 (x1, x2) 中无法用直线分开，但在 (x1², x2²) 中，圆就变成了一条直线。',
  'tutorial.xor.p3': '隐藏层会自己完成这种坐标变换，并且学会该用哪一种。在两个隐藏单元构成的空间里观察数据：随着训练进行，激活函数把平面折叠起来，直到输出单元能用一条直线把它切开。',

  'tutorial.saturation.h': '4. 饱和与梯度消失',
  'tutorial.saturation.p1': '如果函数在某一侧的导数趋于零，就说它在这一侧饱和：sigmoid 和 tanh 两侧都饱和。在饱和区，输入的变化几乎不改变输出，所以传到权重上的梯度非常小。',
  'tutorial.saturation.p2': '反向传播在每一层都要乘上一个导数。sigmoid 的导数不超过 0.25，乘积很快变小，靠近输入的层学得最慢。两幅图比较了一个很深的 sigmoid 网络和换成 ReLU 的同一网络的梯度范数。',

  'tutorial.relu.h': '5. ReLU 与死亡单元',
  'tutorial.relu.p1': 'ReLU 即 max(0, x)，对所有正输入导数都是 1，因此在这一侧不会让梯度变小，而且计算很便宜。它成了深度网络的默认激活函数。',
  'tutorial.relu.p2': '平坦的负半轴也有代价。如果一个单元对所有样本的输入都是负的，它就输出零、得到的梯度也是零：它“死”了，再也无法恢复。过大的学习率会一下子杀死许多单元。',

  'tutorial.leaky.h': '6. LeakyReLU、PReLU、ELU、SELU',
  'tutorial.leaky.p1': '解决办法是让负半轴有一点斜率或弧度。LeakyReLU 使用一个固定的小斜率 α（默认 0.01）；PReLU 在训练中学习 α。ELU 对负输入平滑地趋向 −α，使输出的均值更接近零。SELU 用固定常数缩放 ELU，这些常数的选取使激活值在许多层之后仍保持稳定的均值和方差。',
  'tutorial.leaky.p2': '引擎会计算每个函数的性质：值域、在哪一侧饱和、是否单调、是否以零为中心、是否光滑。',
  'tutorial.leaky.p3': '可学习的参数不过是另一个权重。这里可以看到 PReLU 的 α 和 Swish 的 β 在各自网络训练时的变化。',

  'tutorial.swish.h': '7. Swish、Mish 与网络深度',
  'tutorial.swish.p1': 'Swish 即 x·sigmoid(βx)，Mish 即 x·tanh(softplus(x))。它们在输入较大时和 ReLU 相似，但处处光滑、在零点以下略微下探，而且不是单调的。它们上方无界，所以对很大的正输入不会饱和；下方有界。',
  'tutorial.swish.p2': 'Mish 的论文训练了越来越深的普通网络，发现准确率下降最快的是 ReLU，其次是 Swish，Mish 最慢。下面的实验在玩具规模上重复这个思路：每种激活函数、每个深度各训练一个网络，训练量都相同。运行它并观察曲线；在这么小的规模上，结果会随随机种子而变化。',
  'tutorial.swish.p3': '同样的数据和种子，用不同激活函数并排训练：',

  'tutorial.softmax.h': '8. 用 softmax 做分类',
  'tutorial.softmax.p1': '隐藏层需要非线性；输出层需要合适的形式。对 k 个类别，softmax 把 k 个分数 z_i 变成概率 e^(z_i) / Σ_j e^(z_j)：全部为正、总和为一，分数最大的类别分到的概率也最大。只有两类时，它就等于两个分数之差的 sigmoid。',
  'tutorial.softmax.p2': '修改分数和温度 T（对 z/T 做 softmax）：T 越小，分布越集中到最大的分数上；T 越大，分布越接近均匀。只有分数之间的差才有影响，给所有分数加上同一个数，结果不变。',

  'tutorial.softmax.p3': '一个输出层为三个 softmax 单元的网络学习螺旋的三条臂；图中每种颜色是概率最大的那一类。按下播放键开始训练。',
  'tutorial.end': '本页的每个组件都可以用一个 script 标签嵌入你自己的网页，见 README 中的“Embedding”一节。',
};

registerStrings(en, zh);
