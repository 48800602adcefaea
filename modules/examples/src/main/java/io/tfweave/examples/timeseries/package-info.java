/** Time-series forecasting: temperature 12 days ahead on the Seattle weather data, dense vs recurrent models. */
package io.tfweave.examples.timeseries;
