%% MATPOWER Case Format : Version 2
function mpc = b4
mpc.version = '2';
mpc.baseMVA = 100;
%% bus data
mpc.bus = [
	1	1	0	0	0	0	1	1.05	0	765	1	1.15	0.85;
	2	1	0	0	0	0	1	1.1	0	765	1	1.15	0.85
	3, 1, 0, 0, 0, 0, 1, 1.0, 0, 20, 1, 1.15, 0.85   % a comment in a row
	4	3	0	0	0	0	1	1.0	0 ...
	  20	1	1.15	0.85
];
mpc.gen = [
	4	0	0	0	0	1.1	100	1	0	0	0	0	0	0	0	0	0	0	0	0	0;
];
mpc.branch = [
	1	3	0.0001	0.004	0	0	0	0	1	0	1	-30	30;
	1	2	0.000513	0.01	0	0	0	0	1	0	1	-30	30;
	2	4	0.0001	0.004	0	0	0	0	1	0	1	-30	30;
];
%column_names% parent_index status g_gnd name
mpc.gmd_bus = {
	1	1	5	'dc_sub1'
	2	1	5	'dc_sub2'
	1	1	0	'dc_bus1'
	2	1	0	'dc_bus2'
	3	1	0	'dc_bus3'
	4	1	0	'dc_bus4'
};
%column_names% f_bus t_bus parent_type parent_index br_status br_r br_v len_km name
mpc.gmd_branch = {
	3	1	'branch'	1	1	0.1	0	0	'dc_xf1_hi'
	3	4	'branch'	2	1	1.00073475	170.78806587354	170.788	'dc_br1'
	4	2	'branch'	3	1	1e-1	0	0	'dc_xf2_hi'
};
%column_names% hi_bus lo_bus gmd_br_hi gmd_br_lo gmd_k gmd_br_series gmd_br_common baseMVA type config
mpc.branch_gmd = {
	1	3	1	-1	1.793	-1	-1	100	'xfmr'	'gwye-delta'
	1	2	-1	-1	-1	-1	-1	100	'line'	'none'
	2	4	3	-1	-1	-1	-1	100	'xfmr'	'gwye-delta'
};
%column_names% lat lon
mpc.bus_gmd = {
	40	-89
	40	-87
	40	-89
	40	-87
};
