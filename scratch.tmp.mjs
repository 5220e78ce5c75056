import * as vega from 'vega';
import { expressionInterpreter } from 'vega-interpreter';
async function run(data, name='out') {
  const errors = [];
  const logger = { level(){return this}, warn:(...a)=>errors.push(['warn',...a]), info(){}, debug(){}, error:(...a)=>{errors.push(['error',...a.map(String)])} };
  try {
  const rt = vega.parse({ data }, undefined, { ast: true });
  const view = new vega.View(rt, { renderer: 'none', expr: expressionInterpreter, logger, logLevel: vega.Warn });
  await view.runAsync();
  console.log(JSON.stringify(view.data(name)), errors);
  view.finalize();
  } catch (e) { console.log('THROWN', e.message, errors); }
}
const rows = [{m:'2024-01',r:'N',v:1,s:['a']},{m:'2024-01',r:'S',v:2,s:['b']},{m:'2025-01',r:'N',v:3,s:['c']}];
await run([{name:'in', values: rows.map(r=>({...r}))}, {name:'out', source:'in', transform:[{type:'fold', fields:['v'], as:['k','val']}]}]);
await run([{name:'in', values: rows.map(r=>({...r}))}, {name:'out', source:'in', transform:[{type:'pivot', field:'r', value:'v', groupby:['m']}]}]);
await run([{name:'in', values: rows.map(r=>({...r}))}, {name:'out', source:'in', transform:[{type:'formula', expr:"join([toString(datum.r), datum.m], '\\u001f')", as:'k'}]}]);
await run([{name:'in', values: rows.map(r=>({...r}))}, {name:'out', source:'in', transform:[{type:'formula', expr:"foo(datum.r)", as:'k'}]}]);
await run([{name:'in', values: rows.map(r=>({...r}))}, {name:'out', source:'in', transform:[{type:'formula', expr:"datum.r +", as:'k'}]}]);
await run([{name:'in', values: rows.map(r=>({...r}))}, {name:'k', source:'in', transform:[{type:'formula', expr:"datum.r + '|' + (toNumber(slice(datum.m,0,4))) ", as:'__k'},{type:'formula', expr:"datum.r + '|' + (toNumber(slice(datum.m,0,4))-1) ", as:'__p'}]},
 {name:'out', source:'k', transform:[{type:'lookup', from:'k', key:'__k', fields:['__p'], values:['v','s'], as:['__pv','__ps']}, {type:'window', ops:['row_number'], as:['__rank'], sort:{field:['v'],order:['descending']}}]}]);
await run([{name:'in', values: rows.map(r=>({...r}))}, {name:'out', source:'in', transform:[{type:'formula', expr:"utcFormat(utc(2024, 0-1, 1), '%Y-%m') + datum.m === '2024-01'", as:'k'}, {type:'formula', expr: "datum['r'] === \"N\"", as:'e'}]}]);
console.log(JSON.stringify(vega.parseExpression("datum.a + datum['b c'] > 3 && year(datum.d)")));
