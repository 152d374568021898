'use strict';
// plotly.js core (scatter) with the two other trace types the dashboard draws: bar and sankey.
var Plotly = require('plotly.js/lib/core');
Plotly.register([require('plotly.js/lib/bar'), require('plotly.js/lib/sankey')]);
module.exports = Plotly;
