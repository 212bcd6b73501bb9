// Reasons the URL state gives for ignoring a value from the link (shown in the shell's notice box).
import { registerStrings } from './index.js';

registerStrings({
  'state.notNumber': '"{raw}" is not a number',
  'state.notFinite': '"{raw}" is not a finite number',
  'state.notInteger': '"{raw}" is not an integer',
  'state.belowMin': '{value} is below the minimum {min}',
  'state.aboveMax': '{value} is above the maximum {max}',
  'state.tooFew': 'needs at least {min} items, got {n}',
  'state.tooMany': 'allows at most {max} items, got {n}',
  'state.notBoolean': '"{raw}" is not true or false',
  'state.notOneOf': '"{raw}" is not one of {allowed}',
  'state.unknownItems': 'unknown {items}; known: {allowed}',
  'state.rangeOrder': 'the first number must be below the second',
  'state.badParams': 'malformed parameters: {errors}',
  'state.unknownActivation': 'unknown activation {items}',
}, {
  'state.notNumber': '“{raw}”不是数字',
  'state.notFinite': '“{raw}”不是有限的数',
  'state.notInteger': '“{raw}”不是整数',
  'state.belowMin': '{value} 小于最小值 {min}',
  'state.aboveMax': '{value} 大于最大值 {max}',
  'state.tooFew': '至少需要 {min} 项,实际为 {n} 项',
  'state.tooMany': '最多允许 {max} 项,实际为 {n} 项',
  'state.notBoolean': '“{raw}”不是 true 或 false',
  'state.notOneOf': '“{raw}”不在可选值 {allowed} 之中',
  'state.unknownItems': '未知的取值 {items};可选:{allowed}',
  'state.rangeOrder': '第一个数必须小于第二个数',
  'state.badParams': '参数格式有误:{errors}',
  'state.unknownActivation': '未知的激活函数 {items}',
});
